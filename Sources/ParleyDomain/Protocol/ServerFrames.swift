import Foundation

/// Encoders for every frame the server sends. Each returns the JSON payload bytes of one text frame.
public enum ServerFrames {
    /// A chat message for one reader. With a rendering, `text`/`lang` are the translation and
    /// `engine`/`original` say what produced it and what was said; without one, `text`/`lang` are
    /// the original and neither is sent. Fan-out sends these bytes to every reader of a language, so
    /// what a reader can do without is left out: `topic` outside topic groups, `kind` when it is
    /// `text`, the sender's `tenant` when it is the conversation's (`conversationTenant`), and
    /// `clientId` unless the reader is the sender (`forSender`: their other sessions match it).
    public static func message(_ m: ChatMessage, rendering: LocalizedText?, forSender: Bool = true,
                               conversationTenant: String? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 160 + m.text.utf8.count * 2)
        w.field("type", "message")
        w.field("conversation", m.conversation)
        w.field("seq", m.seq)
        if let topic = m.topic { w.field("topic", topic) }
        w.object("sender") { s in
            s.field("id", m.sender.id)
            if m.sender.tenant != conversationTenant { s.field("tenant", m.sender.tenant) }
            s.field("name", m.senderName)
        }
        if forSender { w.field("clientId", m.clientID) }
        w.field("at", m.at)
        if m.kind != .text { w.field("kind", m.kind.rawValue) }
        w.field("text", rendering?.text ?? m.text)
        w.field("lang", (rendering?.language ?? m.language).code)
        if let rendering {
            w.field("engine", rendering.engine)
            w.object("original") { o in
                o.field("text", m.text)
                o.field("lang", m.language.code)
            }
        }
        if let payload = m.payload, let data = payload.data(using: .utf8), (try? JSONSerialization.jsonObject(with: data)) != nil {
            w.field("payload", raw: Array(payload.utf8))
        }
        if let target = m.target { w.field(m.kind.isAction ? "target" : "replyTo", target) }
        if let edited = m.editedAt { w.field("edited", edited) }
        if let deleted = m.deletedAt { w.field("deleted", deleted) }
        if let reactions = m.reactions, !reactions.isEmpty {
            w.object("reactions") { r in
                for emoji in reactions.keys.sorted() { r.field(emoji, raw: jsonStrings(reactions[emoji] ?? [])) }
            }
        }
        if !m.attachments.isEmpty { w.field("attachments", raw: FileReference.json(m.attachments)) }
        return w.finish()
    }

    /// A JSON array of strings.
    static func jsonStrings(_ values: [String]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, v) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(v, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    public static func ack(clientID: String, conversation: String, seq: Int64, at: Int64) -> [UInt8] {
        var w = JSONWriter()
        w.field("type", "ack")
        w.field("id", clientID)
        w.field("conversation", conversation)
        w.field("seq", seq)
        w.field("at", at)
        return w.finish()
    }

    public static func error(_ e: ProtocolError) -> [UInt8] {
        var w = JSONWriter()
        w.field("type", "error")
        w.field("id", e.requestID)
        w.field("code", e.code.rawValue)
        w.field("message", e.message)
        return w.finish()
    }

    /// Any other reply: `type`, the request id, and the fields of an Encodable body merged in.
    public static func reply<Body: Encodable>(_ type: String, requestID: String?, _ body: Body) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var object = (try? encoder.encode(body)).map(Array.init), object.first == UInt8(ascii: "{") else {
            return error(ProtocolError(.internalError, "could not encode \(type)", requestID: requestID))
        }
        var head = JSONWriter()
        head.field("type", type)
        head.field("id", requestID)
        var bytes = head.finish()
        bytes.removeLast()  // "}"
        object.removeFirst()  // "{"
        if object.first != UInt8(ascii: "}") { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: object)
        return bytes
    }

    /// The HTTP API's error body, `{"error": code, "message": …}`.
    public static func httpError(code: String, message: String) -> [UInt8] {
        var w = JSONWriter()
        w.field("error", code)
        w.field("message", message)
        return w.finish()
    }

    public static func reply(_ type: String, requestID: String?) -> [UInt8] {
        var w = JSONWriter()
        w.field("type", type)
        w.field("id", requestID)
        return w.finish()
    }
}

/// Reply bodies (merged into the frame next to `type` and `id`).
public enum Replies {
    /// `conversation` (the reply to `direct`): the summary under its own key, so that its `id`
    /// never collides with the request id.
    public struct Conversation: Encodable, Sendable {
        public var conversation: ConversationSummary
        public init(conversation: ConversationSummary) { self.conversation = conversation }
    }

    public struct Welcome: Encodable, Sendable {
        public struct User: Encodable, Sendable {
            public var id: String, tenant: String, name: String, lang: String
        }
        public var version: Int
        public var session: String
        public var user: User
        public var translate: Bool
        public var conversations: [ConversationSummary]

        public init(session: String, identity: Identity, translate: Bool, conversations: [ConversationSummary]) {
            self.version = ClientFrame.protocolVersion
            self.session = session
            self.user = User(id: identity.user.id, tenant: identity.user.tenant, name: identity.name, lang: identity.language.code)
            self.translate = translate
            self.conversations = conversations
        }
    }

    public struct Subscribed: Encodable, Sendable {
        public var conversation: String
        public var lastSeq: Int64
        public var topics: [String]?
        public init(conversation: String, lastSeq: Int64, topics: [String]?) {
            self.conversation = conversation; self.lastSeq = lastSeq; self.topics = topics
        }
    }

    public struct ConversationRef: Encodable, Sendable {
        public var conversation: String
        public init(conversation: String) { self.conversation = conversation }
    }

    public struct Topics: Encodable, Sendable {
        public var conversation: String
        public var topics: [TopicSummary]
        public init(conversation: String, topics: [TopicSummary]) { self.conversation = conversation; self.topics = topics }
    }

    public struct Read: Encodable, Sendable {
        public var conversation: String
        public var seq: Int64
        public var unread: Int64
        public init(conversation: String, seq: Int64, unread: Int64) { self.conversation = conversation; self.seq = seq; self.unread = unread }
    }

    public struct Conversations: Encodable, Sendable {
        public var conversations: [ConversationSummary]
        public init(_ c: [ConversationSummary]) { conversations = c }
    }

    public struct Settings: Encodable, Sendable {
        public var lang: String
        public var translate: Bool
        public init(lang: String, translate: Bool) { self.lang = lang; self.translate = translate }
    }
}
