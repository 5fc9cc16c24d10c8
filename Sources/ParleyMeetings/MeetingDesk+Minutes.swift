import Foundation
import ParleyDomain
import ParleyHub
import ParleyMinutes
import ParleyStore

extension MeetingDesk {
    enum Conclusion {
        case concluded(version: Int64, Minutes)
        /// Another task is making this meeting's minutes right now.
        case busy
        case failed(ProtocolError)
    }

    /// Makes, stores and delivers the minutes of an ended meeting, from what the store holds.
    /// Safe to redo: generation is deterministic, and storing a version twice changes nothing.
    func concludeStored(_ id: String, _ services: Services) async -> Conclusion {
        guard concluding.withLock({ $0.insert(id).inserted }) else { return .busy }
        defer { _ = concluding.withLock { $0.remove(id) } }
        let meeting: Meeting
        let minutes: Minutes
        let version: Int64
        do {
            guard let m = try await services.store.meeting(id) else { return .failed(ProtocolError(.notFound, "no meeting \(id)")) }
            meeting = m
            if m.minutesVersion > 0, let stored = try await services.store.minutes(of: id) {
                version = stored.version
                minutes = try JSONDecoder().decode(Minutes.self, from: Data(stored.body.utf8))
            } else {
                let said = try await services.store.utterances(of: id).map { Utterance(speaker: $0.speaker, text: $0.text, start: $0.start, end: $0.end) }
                minutes = generator.generate(utterances: said, info: MeetingInfo(title: m.title, language: m.language,
                                                                                 date: m.date.flatMap { CalendarDay(year: $0.year, month: $0.month, day: $0.day) },
                                                                                 attendees: m.attendees.map(\.id)))
                version = 1
                try await services.store.storeMinutes(meeting: id, version: version, body: Self.json(minutes), attendees: m.attendees,
                                               searchable: minutes.searchableText, language: minutes.language)
                metrics.minutesStored.increment()
            }
        } catch {
            return .failed(failure("store minutes", meeting: id, error))
        }
        await push(meeting, version: version, minutes: minutes, services)
        await minutesConcluded(meeting, minutes)
        var posted = meeting
        posted.minutesVersion = version
        await post(posted, services)
        return .concluded(version: version, minutes)
    }

    /// Sends minutes `version` to every attendee's open sessions, each in their language. Whoever
    /// is offline, or drops before the frame leaves, finds it in their inbox on connecting.
    func push(_ meeting: Meeting, version: Int64, minutes: Minutes, _ services: Services) async {
        await services.flushLanguages()
        var languages: [UserRef: Language] = [:]
        for user in meeting.attendees { languages[user] = await language(of: user, default: minutes.language, services.store) }
        let frames = await withTaskGroup(of: (Language, [UInt8]).self) { group in
            for language in Set(languages.values) {
                group.addTask { (language, await self.frame(meeting.id, version: version, endedAt: meeting.endedAt, minutes: minutes, language: language, requestID: nil)) }
            }
            var out: [Language: [UInt8]] = [:]
            for await (language, frame) in group { out[language] = frame }
            return out
        }
        for (user, language) in languages {
            guard let payload = frames[language] else { continue }
            services.hub.push(payload, to: user)
        }
        metrics.minutesPushed.increment(by: Int64(languages.count))
        logger.info("meeting minutes delivered", metadata: ["meeting.id": "\(meeting.id)", "meeting.version": "\(version)",
                                                             "meeting.languages": "\(frames.count)", "meeting.attendees": "\(languages.count)"])
    }

    /// Minutes another node stored (cluster mode): pushed to the attendees connected here.
    public func deliverStoredMinutes(_ id: String) async {
        guard let services = attached else { return }
        do {
            guard let meeting = try await services.store.meeting(id), let stored = try await services.store.minutes(of: id) else { return }
            let minutes = try JSONDecoder().decode(Minutes.self, from: Data(stored.body.utf8))
            await push(meeting, version: stored.version, minutes: minutes, services)
        } catch {
            _ = failure("deliver minutes from another node", meeting: id, error)
        }
    }

    /// Posts the newest minutes into the meeting's group, once per version (the client id makes a
    /// retry return the stored message), and records that it did.
    func post(_ meeting: Meeting, _ services: Services) async {
        guard meeting.postedVersion < meeting.minutesVersion else { return }
        if let conversation = meeting.conversation {
            let minutes: Minutes
            do {
                guard let stored = try await services.store.minutes(of: meeting.id) else { return }
                minutes = try JSONDecoder().decode(Minutes.self, from: Data(stored.body.utf8))
            } catch {
                _ = failure("read minutes", meeting: meeting.id, error)
                return
            }
            let original = MinutesRenderer(labels: .forLanguage(minutes.language)).markdown(minutes)
            let message = OutgoingMessage(conversation: conversation, topic: nil, sender: meeting.host, senderName: "Minutes",
                                          clientID: "minutes-\(meeting.id)-v\(meeting.minutesVersion)", text: original,
                                          language: minutes.language, kind: .minutes, payload: try? Self.json(minutes))
            if case .failure(let error) = await services.hub.post(message) {
                _ = failure("post", meeting: meeting.id, ProtocolError(error.code, error.message))
                return
            }
        }
        do { try await services.store.markMinutesPosted(meeting: meeting.id, version: meeting.minutesVersion) } catch {
            _ = failure("post", meeting: meeting.id, error)
        }
    }

    /// Minutes waiting for `user`: every version not yet acknowledged, in the user's language.
    /// Nothing is removed here; `meeting.ack` removes an entry.
    public func inbox(for identity: Identity) async -> [[UInt8]] {
        guard let services = attached else { return [] }
        let pending: [(meeting: String, version: Int64)]
        do { pending = try await services.store.pendingMinutes(for: identity.user) } catch {
            _ = failure("inbox", meeting: "-", user: identity.user, error)
            return []
        }
        var frames: [[UInt8]] = []
        for item in pending {
            guard let stored = try? await services.store.minutes(of: item.meeting), let meeting = try? await services.store.meeting(item.meeting),
                  let minutes = try? JSONDecoder().decode(Minutes.self, from: Data(stored.body.utf8)) else { continue }
            let language = await self.language(of: identity.user, default: identity.language, services.store)
            frames.append(await frame(item.meeting, version: stored.version, endedAt: meeting.endedAt, minutes: minutes, language: language, requestID: nil))
        }
        return frames
    }

    /// `meeting.minutes`: the newest minutes again, for the host or an attendee.
    func resend(_ id: String, to identity: Identity, language: Language?, requestID: String?, _ services: Services,
                reply: ExtensionReplier) async throws(ProtocolError) {
        let denied = ProtocolError(.forbidden, "no minutes of meeting \(id) for you")
        let meeting: Meeting?
        let stored: (version: Int64, body: String)?
        do {
            meeting = try await services.store.meeting(id)
            stored = try await services.store.minutes(of: id)
        } catch { throw failure("read minutes", meeting: id, user: identity.user, error) }
        guard let meeting, meeting.host == identity.user || meeting.attendees.contains(identity.user), let stored,
              let minutes = try? JSONDecoder().decode(Minutes.self, from: Data(stored.body.utf8)) else { throw denied }
        let target: Language
        if let language { target = language } else { target = await self.language(of: identity.user, default: identity.language, services.store) }
        reply(await frame(id, version: stored.version, endedAt: meeting.endedAt, minutes: minutes, language: target, requestID: requestID))
    }

    /// `meeting.correct`: the host replaces the minutes; a new version reaches every attendee.
    func correct(_ id: String, frame: Data, host: UserRef, requestID: String?, _ services: Services, reply: ExtensionReplier) async throws(ProtocolError) {
        struct Correction: Decodable { var minutes: Minutes }
        let meeting: Meeting?
        do { meeting = try await services.store.meeting(id) } catch { throw failure("read meeting", meeting: id, user: host, error) }
        guard let meeting, meeting.host == host, meeting.minutesVersion > 0 else {
            throw ProtocolError(.forbidden, "only the host of meeting \(id) may correct its minutes, once they exist")
        }
        let minutes: Minutes
        switch ClientFrameParser.decode(Correction.self, from: frame) {
        case .success(let c): minutes = c.minutes
        case .failure(let e): throw ProtocolError(.badFrame, "'minutes' is not valid minutes JSON (docs/minutes.md): \(e.message)")
        }
        do { try minutes.validate() } catch { throw ProtocolError(.badFrame, error.message) }
        let version = meeting.minutesVersion + 1
        do {
            try await services.store.storeMinutes(meeting: id, version: version, body: Self.json(minutes), attendees: meeting.attendees,
                                           searchable: minutes.searchableText, language: minutes.language)
        } catch { throw failure("store minutes", meeting: id, user: host, error) }
        metrics.minutesStored.increment()
        reply(ServerFrames.reply("meeting.corrected", requestID: requestID, MeetingReplies.Versioned(meeting: id, version: version)))
        var updated = meeting
        updated.minutesVersion = version
        await push(updated, version: version, minutes: minutes, services)
        await post(updated, services)
        // Observers (follow-ups, webhooks) see each version: a correction changes follow-ups too.
        await minutesConcluded(updated, minutes)
    }

    func language(of user: UserRef, default fallback: Language, _ store: any Store) async -> Language {
        ((try? await store.settings(for: user)) ?? nil)?.language ?? fallback
    }

    static func json(_ minutes: Minutes) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(minutes), as: UTF8.self)
    }
}
