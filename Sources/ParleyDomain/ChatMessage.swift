/// What a message is.
public enum MessageKind: String, Sendable, Codable {
    case text
    /// Posted by an automation (bot token).
    case bot
    /// Meeting minutes pushed at the end of a meeting.
    case minutes
    /// An edit of the message `target`: `text` is its new text (docs/protocol.md, "Edit, delete, react").
    case edit
    /// A deletion of the message `target`; its text is empty.
    case delete
    /// A reaction toggled on the message `target`: `text` is the emoji.
    case reaction

    /// Whether this kind acts on another message (`target`) instead of saying something new:
    /// such events are not indexed for search, not counted as unread and not shown on their own.
    public var isAction: Bool {
        switch self {
        case .text, .bot, .minutes: false
        case .edit, .delete, .reaction: true
        }
    }

    /// Whether readers see this kind's text in their own language (an edit's new text, not an emoji).
    public var isTranslated: Bool { self != .delete && self != .reaction }
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
    /// The message an action (`kind.isAction`) acts on, or a reply answers.
    public var target: Int64?
    /// When the message was last edited (milliseconds since 1970); nil if never.
    public var editedAt: Int64?
    /// When the message was deleted; its text is then empty.
    public var deletedAt: Int64?
    /// Reactions as stored (emoji → who, `id@tenant`, in the order they reacted), filled by
    /// `history` and catch-up reads only: live delivery carries each reaction as its own event.
    public var reactions: [String: [String]]?
    /// Files the message carries (resolved from the ids the sender named, in the store's transaction).
    public var attachments: [FileReference] = []

    public init(conversation: String, seq: Int64, topic: String?, sender: UserRef, senderName: String,
                clientID: String, text: String, language: Language, kind: MessageKind, at: Int64, payload: String? = nil,
                target: Int64? = nil, editedAt: Int64? = nil, deletedAt: Int64? = nil) {
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
        self.target = target
        self.editedAt = editedAt
        self.deletedAt = deletedAt
    }
}

extension ChatMessage {
    /// Whether readers get this message's text in their language: not a deletion, a reaction, or a
    /// text erased by a deletion.
    @inlinable public var isTranslatable: Bool { kind.isTranslated && deletedAt == nil && !text.isEmpty }

    /// The stored form of `outgoing`, once the store has given it a sequence number and a time.
    public init(_ outgoing: OutgoingMessage, seq: Int64, at: Int64) {
        self.init(conversation: outgoing.conversation, seq: seq, topic: outgoing.topic, sender: outgoing.sender,
                  senderName: outgoing.senderName, clientID: outgoing.clientID, text: outgoing.text,
                  language: outgoing.language, kind: outgoing.kind, at: at, payload: outgoing.payload, target: outgoing.target)
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
    /// The message acted on (`kind.isAction`).
    public var target: Int64?
    /// The tenant whose administrator sends this action, if the sender administers one: a tenant
    /// admin may delete any message in their tenant's conversations (checked in the store's
    /// transaction, together with the target's sender).
    public var adminOf: String?
    /// An edit of a message sent before this time (ms) is refused: the edit window (nil: none).
    public var editableSince: Int64?
    /// Ids of files to attach: the store checks each was uploaded by the sender to this conversation.
    public var attachments: [String] = []

    public init(conversation: String, topic: String?, sender: UserRef, senderName: String, clientID: String,
                text: String, language: Language, kind: MessageKind = .text, payload: String? = nil,
                target: Int64? = nil, adminOf: String? = nil, editableSince: Int64? = nil) {
        self.conversation = conversation
        self.topic = topic
        self.sender = sender
        self.senderName = senderName
        self.clientID = clientID
        self.text = text
        self.language = language
        self.kind = kind
        self.payload = payload
        self.target = target
        self.adminOf = adminOf
        self.editableSince = editableSince
    }
}
