import Foundation
import ParleyDomain
import ParleyHub
import ParleyStore

extension MeetingDesk {
    /// `meeting.start`: stores the meeting, then serves its host.
    func start(_ request: MeetingStart, host: Identity, _ services: Services) async throws(ProtocolError) -> String {
        let attendees = try await resolveAttendees(request.attendees, host: host, conversation: request.conversation, services.store)
        let now = Self.now()
        let meeting = Meeting(id: "m-\(UInt64.random(in: 1...UInt64(1) << 53))", host: host.user, attendees: attendees,
                              title: request.title, language: request.language ?? host.language, date: request.date ?? Self.today(),
                              conversation: request.conversation, startedAt: now, lastActivity: now)
        do { try await services.store.createMeeting(meeting) } catch {
            throw failure("start", meeting: meeting.id, user: host.user, error)
        }
        live.withLock { $0[meeting.id] = LiveMeeting(host: host.user, lastActivity: now) }
        return meeting.id
    }

    /// `meeting.utterance`: queued for the group-commit writer; `meeting.noted` follows the commit.
    func note(_ utterance: UtteranceAppend, host: UserRef, requestID: String?, _ services: Services, reply: ExtensionReplier) throws(ProtocolError) {
        guard live.withLock({ $0[utterance.meeting]?.host == host }) else {
            throw ProtocolError(.forbidden, "no open meeting \(utterance.meeting) hosted by you")
        }
        services.writer.append(.utterance(utterance)) { [self] result in
            switch result {
            case .success(let number):
                metrics.utterancesStored.increment()
                live.withLock { $0[utterance.meeting]?.lastActivity = Self.now() }
                reply(ServerFrames.reply("meeting.noted", requestID: requestID, MeetingReplies.Noted(meeting: utterance.meeting, n: number)))
            case .failure(let error) where error.kind == .refused:
                reply(ServerFrames.error(ProtocolError(.forbidden, "no open meeting \(utterance.meeting) hosted by you", requestID: requestID)))
            case .failure(let error):
                var e = failure("utterance", meeting: utterance.meeting, user: host, error)
                e.requestID = requestID
                reply(ServerFrames.error(e))
            }
        }
    }

    /// `meeting.end`: queued after the host's utterances; then minutes are made and delivered.
    func end(_ id: String, host: UserRef, requestID: String?, _ services: Services, reply: ExtensionReplier) async throws(ProtocolError) {
        guard live.withLock({ $0[id]?.host == host ? $0.removeValue(forKey: id) : nil }) != nil else {
            throw ProtocolError(.forbidden, "no open meeting \(id) hosted by you")
        }
        let ended: Result<Int64, StoreError> = await withCheckedContinuation { continuation in
            services.writer.append(.end(meeting: id)) { continuation.resume(returning: $0) }
        }
        if case .failure(let error) = ended {
            // The meeting is still live in the store: keep serving it, so the host can end it again.
            live.withLock { $0[id] = LiveMeeting(host: host, lastActivity: Self.now()) }
            throw failure("end", meeting: id, user: host, error)
        }
        let outcome = await concludeStored(id, services)
        switch outcome {
        case .concluded(let version, let minutes):
            reply(ServerFrames.reply("meeting.ended", requestID: requestID,
                                     MeetingReplies.Ended(meeting: id, version: version, decisions: minutes.decisions.count,
                                                          actionItems: minutes.actionItems.count)))
        case .busy:
            reply(ServerFrames.reply("meeting.ended", requestID: requestID, MeetingReplies.Ended(meeting: id)))
        case .failed(let error):
            throw ProtocolError(.internalError, "meeting \(id) ended and everything said is stored, but its minutes could not be stored (\(error.message)); "
                                + "Parley retries every \((tickPeriod * 10).rounded() / 10) s and delivers them when it succeeds")
        }
    }

    /// Attendees as users: bare ids are in the host's tenant; another tenant's user must be a member
    /// of the meeting's (shared) group, so minutes never cross a tenant boundary uninvited.
    func resolveAttendees(_ list: [String], host: Identity, conversation: String?, _ store: any Store) async throws(ProtocolError) -> [UserRef] {
        var group: Conversation?
        if let conversation {
            do { group = try await store.conversation(conversation) } catch {
                throw failure("read conversation", meeting: "-", user: host.user, error)
            }
            guard let g = group, g.members.contains(host.user) else {
                throw ProtocolError(.forbidden, "you are not a member of conversation \(conversation)")
            }
        }
        var users: [UserRef] = []
        var seen: Set<UserRef> = []
        for (i, entry) in list.enumerated() {
            guard let user = UserRef(parsing: entry, defaultTenant: host.user.tenant) else {
                throw ProtocolError(.badFrame, "attendees[\(i)] must be id or id@tenant")
            }
            if user.tenant != host.user.tenant && group?.members.contains(user) != true {
                throw ProtocolError(.forbidden, "attendee \(user) is of another tenant and not in the meeting's shared group")
            }
            if seen.insert(user).inserted { users.append(user) }
        }
        if !seen.contains(host.user) { users.append(host.user) }
        return users
    }

    // MARK: The loop: silence, and work a restart or a failure left

    var tickPeriod: Double { max(0.2, min(silenceTimeout / 4, 5)) }

    /// Closes meetings silent for longer than the timeout, then finishes every meeting the store
    /// says has work left: minutes not yet stored (a crash or a failed write), or not yet posted.
    func tick() async {
        guard let services = attached else { return }
        let cutoff = Self.now() - Int64(silenceTimeout * 1000)
        let silent = live.withLock { meetings -> [(String, UserRef)] in
            let ids = meetings.filter { $0.value.lastActivity < cutoff }.map { ($0.key, $0.value.host) }
            for (id, _) in ids { meetings[id] = nil }
            return ids
        }
        for (id, host) in silent {
            // In cluster mode the host may be talking through another node: the store has the
            // meeting's last activity wherever its utterances were written.
            if let stored = try? await services.store.meeting(id), stored.state == .live, stored.lastActivity >= cutoff {
                live.withLock { $0[id] = LiveMeeting(host: host, lastActivity: stored.lastActivity) }
                continue
            }
            logger.info("meeting closed after silence", metadata: ["meeting.id": "\(id)"])
            let ended: Result<Int64, StoreError> = await withCheckedContinuation { continuation in
                services.writer.append(.end(meeting: id)) { continuation.resume(returning: $0) }
            }
            if case .failure(let error) = ended {
                live.withLock { $0[id] = LiveMeeting(host: host, lastActivity: Self.now()) }
                _ = failure("end", meeting: id, user: host, error)
            }
        }
        let unfinished: [Meeting]
        do { unfinished = try await services.store.unfinishedMeetings() } catch {
            _ = failure("read unfinished meetings", meeting: "-", error)
            return
        }
        for meeting in unfinished where meeting.state != .live {
            if meeting.state == .ended {
                logger.info("finishing an ended meeting's minutes", metadata: ["meeting.id": "\(meeting.id)"])
                _ = await concludeStored(meeting.id, services)
            } else {
                await post(meeting, services)
            }
        }
    }

    static func today() -> ISODate? {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 0) ?? .current, from: Date())
        return ISODate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }
}
