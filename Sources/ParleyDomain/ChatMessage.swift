/// What a message is.
public enum MessageKind: String, Sendable, Codable {
    case text
    /// Posted by an automation (bot token).
    case bot
    /// Meeting minutes pushed at the end of a meeting.
    case minutes
}

/// A message as stored: immutable once it has a sequence number.
public struct ChatMessage: Sendable, Hashable, Codable {
    public var conversation: String
    /// Position in the conversation, from 1, gap-free in the store.
    public var seq: Int64
    public var topic: String?
    public var sender: UserRef
    public var senderName: String
    /// The sender's idempotency key.
    public var clientID: String
    /// Original text, NFC.
    public var text: String
    /// The sender's declared language.
    public var language: Language
    public var kind: MessageKind
    /// Milliseconds since 1970.
    public var at: Int64
    /// Structured payload (minutes JSON), if any.
    public var payload: String?
    /// Files the message carries (resolved from the ids the sender named, in the store's transaction).
    public var attachments: [FileReference] = []

    public init(conversation: String, seq: Int64, topic: String?, sender: UserRef, senderName: String,
                clientID: String, text: String, language: Language, kind: MessageKind, at: Int64, payload: String? = nil) {
        self.conversation = conversation
        self.seq = seq
        self.topic = topic
        self.sender = sender
        self.senderName = senderName
        self.clientID = clientID
        self.text = text
        self.language = language
        self.kind = kind
        self.at = at
        self.payload = payload
    }
}

extension ChatMessage {
    /// The stored form of `outgoing`, once the store has given it a sequence number and a time.
    public init(_ outgoing: OutgoingMessage, seq: Int64, at: Int64) {
        self.init(conversation: outgoing.conversation, seq: seq, topic: outgoing.topic, sender: outgoing.sender,
                  senderName: outgoing.senderName, clientID: outgoing.clientID, text: outgoing.text,
                  language: outgoing.language, kind: outgoing.kind, at: at, payload: outgoing.payload)
    }
}

/// A message on its way into the store, before it has a sequence number.
public struct OutgoingMessage: Sendable, Hashable {
    public var conversation: String
    public var topic: String?
    public var sender: UserRef
    public var senderName: String
    public var clientID: String
    public var text: String
    public var language: Language
    public var kind: MessageKind
    public var payload: String?
    /// Ids of files to attach: the store checks each was uploaded by the sender to this conversation.
    public var attachments: [String] = []

    public init(conversation: String, topic: String?, sender: UserRef, senderName: String, clientID: String,
                text: String, language: Language, kind: MessageKind = .text, payload: String? = nil) {
        self.conversation = conversation
        self.topic = topic
        self.sender = sender
        self.senderName = senderName
        self.clientID = clientID
        self.text = text
        self.language = language
        self.kind = kind
        self.payload = payload
    }
}
