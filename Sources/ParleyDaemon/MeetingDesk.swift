import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyMinutes
import ParleyStore
import Synchronization

/// Meetings: live transcripts over WebSocket (`meeting.*` frames) and uploads over HTTP, turned into
/// minutes when the meeting ends and pushed to every attendee in their language.
///
/// Minutes are rendered once per distinct attendee language (content through the translation
/// layer, labels from `MinutesLabels`), pushed to open sessions, kept in an inbox for attendees
/// who are offline (sent after their next `welcome`), and posted into the meeting's group.
final class MeetingDesk: FrameExtension {
    struct LiveMeeting: Sendable {
        var id: String
        var host: UserRef
        var info: MeetingInfo
        var attendees: [UserRef]
        var conversation: String?
        var utterances: [Utterance]
        var lastActivity: Date
    }

    /// What is kept per meeting once its minutes exist.
    struct Record: Codable, Sendable {
        var id: String
        var host: String
        var attendees: [String]
        var conversation: String?
        var version: Int
        var endedAt: Int64
        var minutes: Minutes
    }

    let generator: MinutesGenerator
    let localizer: any MessageLocalizing
    let silenceTimeout: Double
    let logger: Logger
    private let live = Mutex<[String: LiveMeeting]>([:])
    private let daemon = Mutex<ParleyDaemon?>(nil)

    init(generator: MinutesGenerator, localizer: any MessageLocalizing, silenceTimeout: Double, logger: Logger) {
        self.generator = generator
        self.localizer = localizer
        self.silenceTimeout = silenceTimeout
        self.logger = logger
    }

    /// Binds the desk to its daemon and starts closing silent meetings.
    func attach(_ daemon: ParleyDaemon) {
        self.daemon.withLock { $0 = daemon }
        let period = max(0.2, min(silenceTimeout / 4, 5))
        Task { [weak self] in
            while let self, self.daemon.withLock({ $0 != nil }) {
                try? await Task.sleep(for: .seconds(period))
                await self.closeSilentMeetings()
            }
        }
    }

    func detach() { daemon.withLock { $0 = nil } }

    private var store: Store? { daemon.withLock { $0?.documentStore } }
    private var hub: Hub? { daemon.withLock { $0?.deliveryHub } }

    // MARK: Frames

    func handle(type: String, json: [UInt8], requestID: String?, from identity: Identity, reply: ExtensionReplier) async {
        let fields = (try? JSONSerialization.jsonObject(with: Data(json))) as? [String: Any] ?? [:]
        func fail(_ code: ErrorCode, _ message: String) { reply(ServerFrames.error(ProtocolError(code, message, requestID: requestID))) }
        switch type {
        case "meeting.start":
            do {
                let meeting = try await start(fields, host: identity)
                reply(ServerFrames.reply("meeting.started", requestID: requestID, ["meeting": meeting]))
            } catch let e as ProtocolError { fail(e.code, e.message) } catch { fail(.internalError, "\(error)") }
        case "meeting.utterance":
            guard let id = fields["meeting"] as? String, let speaker = fields["speaker"] as? String, let text = fields["text"] as? String else {
                return fail(.badFrame, "meeting.utterance needs 'meeting', 'speaker' and 'text'")
            }
            let start = (fields["start"] as? NSNumber)?.doubleValue
            let ok = live.withLock { meetings -> Bool in
                guard meetings[id]?.host == identity.user else { return false }
                meetings[id]!.utterances.append(Utterance(speaker: speaker, text: text, start: start))
                meetings[id]!.lastActivity = Date()
                return true
            }
            if !ok { fail(.forbidden, "no open meeting \(id) hosted by you") }
        case "meeting.end":
            guard let id = fields["meeting"] as? String else { return fail(.badFrame, "meeting.end needs 'meeting'") }
            guard let meeting = live.withLock({ $0[id]?.host == identity.user ? $0.removeValue(forKey: id) : nil }) else {
                return fail(.forbidden, "no open meeting \(id) hosted by you")
            }
            let record = await conclude(meeting)
            reply(ServerFrames.reply("meeting.ended", requestID: requestID,
                                     ["meeting": id, "decisions": "\(record.minutes.decisions.count)", "actionItems": "\(record.minutes.actionItems.count)"]))
        case "meeting.minutes":
            guard let id = fields["meeting"] as? String else { return fail(.badFrame, "meeting.minutes needs 'meeting'") }
            guard let record = loadRecord(id), record.host == identity.user.description || record.attendees.contains(identity.user.description) else {
                return fail(.forbidden, "no minutes of meeting \(id) for you")
            }
            let language = (fields["lang"] as? String).map(Language.init) ?? identity.language
            reply(await frame(record, language: language, requestID: requestID))
        case "meeting.correct":
            guard let id = fields["meeting"] as? String, let body = fields["minutes"],
                  let data = try? JSONSerialization.data(withJSONObject: body) else {
                return fail(.badFrame, "meeting.correct needs 'meeting' and 'minutes' (the minutes JSON)")
            }
            guard var record = loadRecord(id), record.host == identity.user.description else {
                return fail(.forbidden, "only the host of meeting \(id) may correct its minutes")
            }
            do { record.minutes = try JSONDecoder().decode(Minutes.self, from: data) } catch {
                return fail(.badFrame, "'minutes' is not valid minutes JSON: \(error)")
            }
            record.version += 1
            await deliver(record)
            reply(ServerFrames.reply("meeting.corrected", requestID: requestID, ["meeting": id, "version": "\(record.version)"]))
        default:
            fail(.unknownType, "unknown frame type '\(type)'")
        }
    }

    private func start(_ fields: [String: Any], host: Identity) async throws -> String {
        let title = (fields["title"] as? String) ?? "Meeting"
        let language = (fields["lang"] as? String).map(Language.init) ?? host.language
        let date = (fields["date"] as? String).flatMap(CalendarDay.init(iso:)) ?? Self.today()
        let attendees = try await resolveAttendees(fields["attendees"], host: host, conversation: fields["conversation"] as? String)
        let id = "m-\(UInt64.random(in: 1...UInt64(1) << 53))"
        let meeting = LiveMeeting(id: id, host: host.user, info: MeetingInfo(title: title, language: language, date: date,
                                                                             attendees: attendees.map(\.id)),
                                  attendees: attendees, conversation: fields["conversation"] as? String, utterances: [], lastActivity: Date())
        live.withLock { $0[id] = meeting }
        return id
    }

    /// Attendees as users: bare ids are in the host's tenant; another tenant's user must be a member
    /// of the meeting's (shared) group, so minutes never cross a tenant boundary uninvited.
    private func resolveAttendees(_ raw: Any?, host: Identity, conversation: String?) async throws -> [UserRef] {
        guard let list = raw as? [String] else { throw ProtocolError(.badFrame, "'attendees' must be a list of user ids") }
        var group: Conversation?
        if let conversation {
            group = try store?.conversation(conversation)
            guard let g = group, g.members.contains(host.user) else {
                throw ProtocolError(.forbidden, "you are not a member of conversation \(conversation)")
            }
        }
        var users: [UserRef] = []
        for (i, entry) in list.enumerated() {
            guard let user = UserRef(parsing: entry, defaultTenant: host.user.tenant) else {
                throw ProtocolError(.badFrame, "attendees[\(i)] must be id or id@tenant")
            }
            if user.tenant != host.user.tenant && group?.members.contains(user) != true {
                throw ProtocolError(.forbidden, "attendee \(user) is of another tenant and not in the meeting's shared group")
            }
            if !users.contains(user) { users.append(user) }
        }
        if !users.contains(host.user) { users.append(host.user) }
        return users
    }

    // MARK: Upload over HTTP

    /// `POST /api/v1/meetings`: a whole transcript; answers with the minutes (JSON) and delivers them.
    func upload(_ body: [UInt8], as identity: Identity) async -> HTTPResponse {
        guard let fields = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return Self.error(400, "bad_json", "the body is not a JSON object")
        }
        guard let text = fields["transcript"] as? String else { return Self.error(400, "bad_frame", "body needs 'transcript' (the file's text)") }
        let format = (fields["format"] as? String).flatMap(TranscriptFormat.init(rawValue:))
        let transcript: Transcript
        do { transcript = try TranscriptParser().parse(text: text, format: format) } catch {
            return Self.error(400, "bad_transcript", error.description)
        }
        do {
            var meeting = LiveMeeting(id: "m-\(UInt64.random(in: 1...UInt64(1) << 53))", host: identity.user,
                                      info: MeetingInfo(), attendees: [], conversation: fields["conversation"] as? String,
                                      utterances: transcript.utterances, lastActivity: Date())
            meeting.attendees = try await resolveAttendees(fields["attendees"] ?? [String](), host: identity, conversation: meeting.conversation)
            meeting.info = MeetingInfo(title: (fields["title"] as? String) ?? "Meeting",
                                       language: (fields["lang"] as? String).map(Language.init) ?? identity.language,
                                       date: (fields["date"] as? String).flatMap(CalendarDay.init(iso:)) ?? Self.today(),
                                       attendees: meeting.attendees.map(\.id))
            let record = await conclude(meeting)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let minutes = (try? encoder.encode(record.minutes)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return HTTPResponse(status: 201, body: Array("{\"meeting\":\"\(record.id)\",\"minutes\":\(minutes)}".utf8))
        } catch let e as ProtocolError {
            return Self.error(e.code == .forbidden ? 403 : 400, e.code.rawValue, e.message)
        } catch {
            return Self.error(500, "internal", "\(error)")
        }
    }

    // MARK: Minutes and delivery

    /// Generates, stores and delivers the minutes of a finished meeting.
    @discardableResult
    func conclude(_ meeting: LiveMeeting) async -> Record {
        let minutes = generator.generate(utterances: meeting.utterances, info: meeting.info)
        let record = Record(id: meeting.id, host: meeting.host.description, attendees: meeting.attendees.map(\.description),
                            conversation: meeting.conversation, version: 1, endedAt: Int64(Date().timeIntervalSince1970 * 1000), minutes: minutes)
        await deliver(record)
        return record
    }

    private func deliver(_ record: Record) async {
        guard let store, let hub else { return }
        daemon.withLock { $0 }?.backend.languages.flush()  // languages of attendees who just connected
        if let data = try? JSONEncoder().encode(record) {
            try? store.putDocument(kind: "meeting", id: record.id, body: String(decoding: data, as: UTF8.self))
        }
        var languages: [UserRef: Language] = [:]
        for name in record.attendees {
            guard let user = UserRef(parsing: name, defaultTenant: "") else { continue }
            languages[user] = (try? store.settings(for: user))??.language ?? record.minutes.language
        }
        // One rendering per distinct language, concurrently.
        let distinct = Set(languages.values)
        let frames = await withTaskGroup(of: (Language, [UInt8]).self) { group in
            for language in distinct { group.addTask { (language, await self.frame(record, language: language, requestID: nil)) } }
            var out: [Language: [UInt8]] = [:]
            for await (language, frame) in group { out[language] = frame }
            return out
        }
        for (user, language) in languages {
            guard let payload = frames[language] else { continue }
            let inboxID = "\(user)|\(record.id)"
            hub.push(payload, to: user) { reached in
                guard reached == 0 else { return }
                try? store.putDocument(kind: "inbox", id: inboxID, body: String(decoding: payload, as: UTF8.self))
            }
        }
        if let conversation = record.conversation {
            let original = MinutesRenderer(labels: .forLanguage(record.minutes.language)).markdown(record.minutes)
            let json = (try? JSONEncoder().encode(record.minutes)).map { String(decoding: $0, as: UTF8.self) }
            _ = await hub.post(OutgoingMessage(conversation: conversation, topic: nil,
                                               sender: UserRef(parsing: record.host, defaultTenant: "") ?? UserRef(id: "minutes", tenant: "parley"),
                                               senderName: "Minutes", clientID: "minutes-\(record.id)-v\(record.version)", text: original,
                                               language: record.minutes.language, kind: .minutes, payload: json))
        }
        logger.info("meeting minutes delivered", metadata: ["meeting.id": "\(record.id)", "meeting.languages": "\(distinct.count)",
                                                             "meeting.attendees": "\(record.attendees.count)"])
    }

    /// The `minutes` frame for one language: localized minutes, Markdown, and the original.
    func frame(_ record: Record, language: Language, requestID: String?) async -> [UInt8] {
        let source = record.minutes.language
        var localized = record.minutes
        var engine = "original"
        if language != source {
            let localizer = self.localizer
            localized = await record.minutes.mapText { text in
                let result = await localizer.localize(text, declared: source, into: [language])
                return result.renderings[language]?.text ?? text
            }
            localized.language = language
            engine = "translated"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let originalJSON = (try? encoder.encode(record.minutes)).map(Array.init) ?? Array("{}".utf8)
        let localizedJSON = (try? encoder.encode(localized)).map(Array.init) ?? Array("{}".utf8)
        var w = JSONWriter(capacity: 4096)
        w.field("type", "minutes")
        w.field("id", requestID)
        w.field("meeting", record.id)
        w.field("version", Int64(record.version))
        w.field("endedAt", record.endedAt)
        w.field("lang", language.code)
        w.field("engine", engine)
        w.field("title", localized.title)
        w.field("markdown", MinutesRenderer(labels: .forLanguage(language)).markdown(localized))
        w.field("minutes", raw: localizedJSON)
        w.object("original") { o in
            o.field("lang", source.code)
            o.field("markdown", MinutesRenderer(labels: .forLanguage(source)).markdown(record.minutes))
            o.field("minutes", raw: originalJSON)
        }
        return w.finish()
    }

    /// Minutes that waited for `user` while they were offline; removed once handed out.
    func inbox(for user: UserRef) -> [[UInt8]] {
        guard let store, let items = try? store.documents(kind: "inbox", idPrefix: "\(user)|") else { return [] }
        return items.map { item in
            try? store.deleteDocument(kind: "inbox", id: item.id)
            return Array(item.body.utf8)
        }
    }

    private func loadRecord(_ id: String) -> Record? {
        guard let body = try? store?.document(kind: "meeting", id: id) else { return nil }
        return try? JSONDecoder().decode(Record.self, from: Data(body.utf8))
    }

    private func closeSilentMeetings() async {
        let cutoff = Date().addingTimeInterval(-silenceTimeout)
        let silent = live.withLock { meetings -> [LiveMeeting] in
            let ids = meetings.values.filter { $0.lastActivity < cutoff }.map(\.id)
            return ids.compactMap { meetings.removeValue(forKey: $0) }
        }
        for meeting in silent {
            logger.info("meeting closed after silence", metadata: ["meeting.id": "\(meeting.id)"])
            await conclude(meeting)
        }
    }

    static func today() -> CalendarDay? {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return CalendarDay(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        var w = JSONWriter()
        w.field("error", code)
        w.field("message", message)
        return HTTPResponse(status: status, body: w.finish())
    }
}
