import Foundation

/// A frame from a client, validated: every case carries exactly what its handler needs.
public enum ClientFrame: Sendable, Equatable {
    case hello(version: Int, token: String?)
    case subscribe(requestID: String?, conversation: String, topics: Set<String>?, since: Int64?)
    case unsubscribe(requestID: String?, conversation: String)
    /// `replyTo`: the seq of the message answered; `mentions`: user ids mentioned; `attachments`: ids
    /// of files the sender uploaded to the conversation (checked when it is stored).
    case send(clientID: String, conversation: String, topic: String?, text: String, language: Language?, replyTo: Int64? = nil,
              mentions: [String] = [], attachments: [String] = [])
    case history(requestID: String?, conversation: String, before: Int64?, limit: Int, topic: String?)
    case topics(requestID: String?, conversation: String)
    case read(requestID: String?, conversation: String, seq: Int64)
    case direct(requestID: String?, user: String)
    case conversations(requestID: String?)
    case settings(requestID: String?, language: Language?, translate: Bool?)
    case ping(requestID: String?)
    /// A `meeting.*` frame, for the meetings feature (which lives outside the hub).
    case meeting(MeetingRequest, requestID: String?)
    /// `search`: messages and minutes the user may see.
    case search(SearchRequest, requestID: String?)
    /// A `translation.*` frame, for the corrections feature (suggestions and the translation memory).
    case translation(TranslationRequest, requestID: String?)
    /// `typing`: the user is typing in a conversation; passed on, never stored.
    case typing(requestID: String?, conversation: String)
    /// `edit`, `delete` or `react`: an action on a message, committed as an event of the conversation.
    case messageAction(MessageAction, requestID: String?)
    /// A frame of a type a feature module registered (`ClientFrameParser.featureTypes`).
    case feature(FeatureFrame)

    /// The protocol version this server speaks.
    public static let protocolVersion = 1
    /// The largest page `history` returns.
    public static let historyLimitMax = 500
}

/// Turns the bytes of one text frame into a `ClientFrame`, or a `ProtocolError` naming what is wrong.
///
/// This is the edge: every value a client sends is range-checked here (`FieldRules`), so the
/// hub and the features downstream only ever hold values that cannot trap.
public struct ClientFrameParser: Sendable {
    /// The longest `text` accepted in a `send` or `meeting.utterance`, in UTF-8 bytes.
    public var maxTextBytes: Int
    /// Frame types that feature modules own: parsed as far as `type` and `id`, then handed on
    /// whole (`ClientFrame.feature`).
    public var featureTypes: Set<String>

    public init(maxTextBytes: Int = 16_384, featureTypes: Set<String> = []) {
        self.maxTextBytes = maxTextBytes
        self.featureTypes = featureTypes
    }

    /// Every field any frame may carry; decoding into this never fails on a missing field.
    struct Fields: Decodable {
        var type: String?
        var id: String?
        // Integers are decoded as Double (exact up to 2^53) so that 1e30 or 1.5 get an error naming
        // the field and its range rather than a decoder's generic one.
        var version: Double?
        var token: String?
        var conversation: String?
        var topics: [String]?
        var topic: String?
        /// A sequence number (`subscribe`) or a date (`search`).
        var since: NumberOrText?
        var text: String?
        var lang: String?
        var before: Double?
        var limit: Double?
        var seq: Double?
        var reply_to: Double?
        var mentions: [String]?
        var emoji: String?
        var user: String?
        var translate: Bool?
        // send
        var attachments: [String]?
        // meeting.*
        var meeting: String?
        var title: String?
        var date: String?
        var attendees: [String]?
        var speaker: String?
        var start: Double?
        var end: Double?
        var minutes: JSONShape?
        // search
        var query: String?
        var from: String?
        var until: String?
        var kind: String?
        var order: String?
        var cursor: String?
        // translation.*
        var suggestion: String?
        var state: String?
    }

    public func parse(_ bytes: Data) -> Result<ClientFrame, ProtocolError> {
        let fields: Fields
        switch Self.decode(Fields.self, from: bytes) {
        case .success(let f):
            fields = f
        case .failure(var e):
            // A field of the wrong type still leaves the request id to repeat, when it is a string.
            struct RequestID: Decodable { var id: String? }
            if e.code == .badFrame, case .success(let r) = Self.decode(RequestID.self, from: bytes) { e.requestID = Self.echo(r.id) }
            return .failure(e)
        }
        let id = fields.id
        guard let type = fields.type else {
            return .failure(ProtocolError(.badFrame, "missing field 'type'", requestID: Self.echo(id)))
        }
        do throws(ProtocolError) {
            if let id { _ = try FieldRules.id(id, "id", requestID: nil) }
            return .success(try frame(type, fields, bytes))
        } catch {
            var e = error
            e.requestID = Self.echo(id)
            return .failure(e)
        }
    }

    private func frame(_ type: String, _ f: Fields, _ bytes: Data) throws(ProtocolError) -> ClientFrame {
        let id = f.id
        func need<T>(_ value: T?, _ name: String) throws(ProtocolError) -> T {
            guard let value else { throw ProtocolError(.badFrame, "\(type) needs field '\(name)'") }
            return value
        }
        func conversation() throws(ProtocolError) -> String {
            try FieldRules.id(try need(f.conversation, "conversation"), "conversation", requestID: id)
        }
        func topic(_ value: String?) throws(ProtocolError) -> String? {
            try value.map { v throws(ProtocolError) in try FieldRules.text(v, "topic", maxCharacters: FieldRules.maxTopicCharacters, requestID: id) }
        }
        func seq(_ value: Double?, _ name: String) throws(ProtocolError) -> Int64? {
            try value.map { v throws(ProtocolError) in try FieldRules.seq(v, name, requestID: id) }
        }
        func language() throws(ProtocolError) -> Language? {
            try f.lang.map { v throws(ProtocolError) in try FieldRules.language(v, "lang", requestID: id) }
        }
        func text() throws(ProtocolError) -> String {
            let text = try need(f.text, "text")
            if text.utf8.count > maxTextBytes {
                throw ProtocolError(.tooLarge, "text is \(text.utf8.count) bytes; the limit is \(maxTextBytes)")
            }
            if text.isEmpty { throw ProtocolError(.badFrame, "\(type) needs a non-empty 'text'") }
            return text
        }
        func mentions(_ list: [String]?) throws(ProtocolError) -> [String] {
            guard let list else { return [] }
            _ = try FieldRules.count(list, "mentions", max: FieldRules.maxMentions, requestID: id)
            for (i, user) in list.enumerated() { _ = try FieldRules.id(user, "mentions[\(i)]", requestID: id) }
            return list
        }
        func meeting() throws(ProtocolError) -> String { try FieldRules.id(try need(f.meeting, "meeting"), "meeting", requestID: id) }

        switch type {
        case "hello":
            let version = try FieldRules.integer(try need(f.version, "version"), "version", in: 0...1_000_000, requestID: id)
            return .hello(version: Int(version), token: f.token)
        case "subscribe":
            var topics: Set<String>?
            if let list = f.topics {
                _ = try FieldRules.count(list, "topics", max: FieldRules.maxTopics, requestID: id)
                topics = []
                for name in list { topics?.insert(try topic(name) ?? "") }
            }
            let c = try conversation()
            if c == "*" && topics != nil { throw ProtocolError(.badFrame, "subscribe to \"*\" takes no 'topics'") }
            return .subscribe(requestID: id, conversation: c, topics: topics, since: try seq(try f.since?.number("since"), "since"))
        case "unsubscribe":
            return .unsubscribe(requestID: id, conversation: try conversation())
        case "send":
            let clientID = try need(id, "id")
            let text = try text()
            var files: [String] = []
            for file in try FieldRules.count(f.attachments ?? [], "attachments", max: FieldRules.maxAttachments, requestID: id) {
                files.append(try FieldRules.id(file, "attachments", requestID: id))
            }
            if Set(files).count != files.count { throw ProtocolError(.badFrame, "'attachments' names a file twice") }
            return .send(clientID: clientID, conversation: try conversation(), topic: try topic(f.topic), text: text, language: try language(),
                         replyTo: try seq(f.reply_to, "reply_to"), mentions: try mentions(f.mentions), attachments: files)
        case "edit":
            let c = try conversation()
            let target = try seq(try need(f.seq, "seq"), "seq") ?? 0
            let edited = try text()
            if edited.allSatisfy(\.isWhitespace) { throw ProtocolError(.badFrame, "edit needs a 'text' that is not only spaces (delete the message instead)") }
            return .messageAction(.edit(conversation: c, seq: target, text: edited), requestID: id)
        case "typing":
            return .typing(requestID: id, conversation: try conversation())
        case "delete":
            let c = try conversation()
            return .messageAction(.delete(conversation: c, seq: try seq(try need(f.seq, "seq"), "seq") ?? 0), requestID: id)
        case "react":
            let c = try conversation()
            let target = try seq(try need(f.seq, "seq"), "seq") ?? 0
            let emoji = try need(f.emoji, "emoji")
            guard MessageAction.isSingleEmoji(emoji) else {
                throw ProtocolError(.badFrame, "'emoji' must be exactly one emoji, such as \"👍\"")
            }
            return .messageAction(.react(conversation: c, seq: target, emoji: emoji), requestID: id)
        case "history":
            let limit = try FieldRules.integer(f.limit ?? 50, "limit", in: 1...Int64(ClientFrame.historyLimitMax), requestID: id)
            return .history(requestID: id, conversation: try conversation(), before: try seq(f.before, "before"), limit: Int(limit), topic: try topic(f.topic))
        case "topics":
            return .topics(requestID: id, conversation: try conversation())
        case "read":
            return .read(requestID: id, conversation: try conversation(), seq: try seq(try need(f.seq, "seq"), "seq") ?? 0)
        case "direct":
            return .direct(requestID: id, user: try FieldRules.id(try need(f.user, "user"), "user", requestID: id))
        case "conversations":
            return .conversations(requestID: id)
        case "settings":
            return .settings(requestID: id, language: try language(), translate: f.translate)
        case "ping":
            return .ping(requestID: id)
        case "search":
            let query = try FieldRules.text(try need(f.query, "query"), "query", maxCharacters: SearchRequest.maxQueryCharacters, requestID: id)
            let limit = try FieldRules.integer(f.limit ?? 20, "limit", in: 1...Int64(SearchRequest.maxLimit), requestID: id)
            func day(_ value: String?, _ name: String) throws(ProtocolError) -> Int64? {
                try value.map { v throws(ProtocolError) in try FieldRules.date(v, name, requestID: id).millisecondsSince1970 }
            }
            var kind: SearchRequest.Kind?
            if let k = f.kind {
                guard let parsed = SearchRequest.Kind(rawValue: k) else { throw ProtocolError(.badFrame, "'kind' must be \"message\" or \"minutes\"") }
                kind = parsed
            }
            var order = SearchRequest.Order.newest
            if let o = f.order {
                guard let parsed = SearchRequest.Order(rawValue: o) else { throw ProtocolError(.badFrame, "'order' must be \"newest\" or \"relevance\"") }
                order = parsed
            }
            let cursor = try f.cursor.map { v throws(ProtocolError) in try FieldRules.id(v, "cursor", requestID: id) }
            let from = try f.from.map { v throws(ProtocolError) in try FieldRules.id(v, "from", requestID: id) }
            let group = try f.conversation.map { v throws(ProtocolError) in try FieldRules.id(v, "conversation", requestID: id) }
            // `since` is a sequence number elsewhere; here the dates are `since`/`until` as YYYY-MM-DD.
            return .search(SearchRequest(query: query, conversation: group, topic: try topic(f.topic), from: from,
                                         since: try day(try f.since?.text("since"), "since"), until: try day(f.until, "until"), kind: kind,
                                         order: order, limit: Int(limit), cursor: cursor), requestID: id)
        case "meeting.start":
            return .meeting(.start(try Self.meetingStart(title: f.title, lang: f.lang, date: f.date, attendees: f.attendees,
                                                         conversation: f.conversation, requestID: id)), requestID: id)
        case "meeting.utterance":
            let speaker = try FieldRules.text(try need(f.speaker, "speaker"), "speaker", maxCharacters: FieldRules.maxSpeakerCharacters, requestID: id)
            if speaker.isEmpty { throw ProtocolError(.badFrame, "meeting.utterance needs a non-empty 'speaker'") }
            let start = try f.start.map { v throws(ProtocolError) in try FieldRules.seconds(v, "start", requestID: id) }
            let end = try f.end.map { v throws(ProtocolError) in try FieldRules.seconds(v, "end", requestID: id) }
            return .meeting(.utterance(meeting: try meeting(), clientID: id, speaker: speaker, text: try text(), start: start, end: end), requestID: id)
        case "meeting.end":
            return .meeting(.end(meeting: try meeting()), requestID: id)
        case "meeting.minutes":
            return .meeting(.minutes(meeting: try meeting(), language: try language()), requestID: id)
        case "meeting.correct":
            let m = try meeting()
            guard f.minutes?.isObject == true else {
                throw ProtocolError(.badFrame, "meeting.correct needs 'minutes' as a JSON object (the minutes as `minutes` frames carry them)")
            }
            return .meeting(.correct(meeting: m, frame: bytes), requestID: id)
        case "meeting.ack":
            let version = try FieldRules.integer(try need(f.version, "version"), "version", in: 1...FieldRules.maxSeq, requestID: id)
            return .meeting(.ack(meeting: try meeting(), version: version), requestID: id)
        case "translation.suggest":
            let c = try conversation()
            let number = try seq(try need(f.seq, "seq"), "seq") ?? 0
            guard let target = try language() else { throw ProtocolError(.badFrame, "translation.suggest needs field 'lang' (the language of 'text')") }
            let suggested = try text()
            if suggested.allSatisfy(\.isWhitespace) { throw ProtocolError(.badFrame, "translation.suggest needs a 'text' that is not only spaces") }
            return .translation(.suggest(conversation: c, seq: number, language: target, text: suggested), requestID: id)
        case "translation.suggestions":
            var state = TranslationSuggestion.State.pending
            if let s = f.state {
                guard let parsed = TranslationSuggestion.State(rawValue: s) else {
                    throw ProtocolError(.badFrame, "'state' must be \"pending\", \"accepted\" or \"rejected\"")
                }
                state = parsed
            }
            return .translation(.list(state: state), requestID: id)
        case "translation.accept":
            return .translation(.accept(suggestion: try FieldRules.id(try need(f.suggestion, "suggestion"), "suggestion", requestID: id)), requestID: id)
        case "translation.reject":
            return .translation(.reject(suggestion: try FieldRules.id(try need(f.suggestion, "suggestion"), "suggestion", requestID: id)), requestID: id)
        case _ where featureTypes.contains(type):
            return .feature(FeatureFrame(type: type, requestID: id, body: bytes))
        default:
            throw ProtocolError(.unknownType, "unknown frame type '\(Self.echo(type) ?? "")'")
        }
    }

    /// Checks the fields that describe a meeting, for `meeting.start` and for an upload's body.
    public static func meetingStart(title: String?, lang: String?, date: String?, attendees: [String]?, conversation: String?,
                                    requestID: String?) throws(ProtocolError) -> MeetingStart {
        let title = try FieldRules.text(title ?? "Meeting", "title", maxCharacters: FieldRules.maxTitleCharacters, requestID: requestID)
        let language = try lang.map { v throws(ProtocolError) in try FieldRules.language(v, "lang", requestID: requestID) }
        let day = try date.map { v throws(ProtocolError) in try FieldRules.date(v, "date", requestID: requestID) }
        guard let attendees else { throw ProtocolError(.badFrame, "'attendees' must be a list of user ids", requestID: requestID) }
        _ = try FieldRules.count(attendees, "attendees", max: FieldRules.maxAttendees, requestID: requestID)
        for (i, a) in attendees.enumerated() { _ = try FieldRules.id(a, "attendees[\(i)]", requestID: requestID) }
        let group = try conversation.map { v throws(ProtocolError) in try FieldRules.id(v, "conversation", requestID: requestID) }
        return MeetingStart(title: title.isEmpty ? "Meeting" : title, language: language, date: day, attendees: attendees, conversation: group)
    }

    /// Decodes a JSON object, turning decoding errors into errors that name the field.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: Data) -> Result<T, ProtocolError> {
        do {
            return .success(try JSONDecoder().decode(T.self, from: bytes))
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            return .failure(ProtocolError(.badFrame, "field '\(path(context))' has the wrong type"))
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            return .failure(ProtocolError(.badFrame, "field '\(path(context))' is out of range or malformed"))
        } catch DecodingError.valueNotFound(_, let context) where !context.codingPath.isEmpty {
            return .failure(ProtocolError(.badFrame, "field '\(path(context))' is null"))
        } catch {
            return .failure(ProtocolError(.badJSON, "the frame is not a JSON object"))
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        String(context.codingPath.map(\.stringValue).joined(separator: ".").prefix(100))
    }

    /// Request ids are echoed in errors; an over-long one is cut so an error never grows with it.
    private static func echo(_ id: String?) -> String? {
        guard let id else { return nil }
        return id.utf8.count <= FieldRules.maxIDBytes ? id : String(id.prefix(32)) + "…"
    }
}

/// A field that is a number in one frame and a string in another (`since`).
enum NumberOrText: Decodable {
    case number(Double)
    case text(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Double.self) { self = .number(n); return }
        self = .text(try c.decode(String.self))
    }

    func number(_ field: String) throws(ProtocolError) -> Double {
        guard case .number(let n) = self else { throw ProtocolError(.badFrame, "field '\(field)' has the wrong type") }
        return n
    }

    func text(_ field: String) throws(ProtocolError) -> String {
        guard case .text(let t) = self else { throw ProtocolError(.badFrame, "'\(field)' must be a date YYYY-MM-DD") }
        return t
    }
}

/// Decodes any JSON value and remembers only whether it was an object (`meeting.correct`'s minutes).
struct JSONShape: Decodable {
    let isObject: Bool
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
    init(from decoder: any Decoder) throws {
        isObject = (try? decoder.container(keyedBy: AnyKey.self)) != nil
    }
}
