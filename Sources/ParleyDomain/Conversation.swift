/// What kind of conversation a conversation is.
public enum ConversationKind: String, Sendable, Codable, CaseIterable {
    /// A group: members post into one stream.
    case group
    /// A topic group: every message carries a topic; members may follow single topics.
    case topics
    /// A direct conversation between two users.
    case direct
}

/// A conversation and who belongs to it.
public struct Conversation: Sendable, Hashable, Codable {
    public var id: String
    public var kind: ConversationKind
    /// The tenant that owns the conversation.
    public var tenant: String
    public var title: String
    public var members: Set<UserRef>
    /// Other tenants whose users may be members (external partners).
    public var sharedWith: Set<String>
    /// The sequence number of the newest message (0 when empty).
    public var lastSeq: Int64

    public init(id: String, kind: ConversationKind, tenant: String, title: String,
                members: Set<UserRef> = [], sharedWith: Set<String> = [], lastSeq: Int64 = 0) {
        self.id = id
        self.kind = kind
        self.tenant = tenant
        self.title = title
        self.members = members
        self.sharedWith = sharedWith
        self.lastSeq = lastSeq
    }

    /// The id of the direct conversation between two users: stable whoever opens it.
    public static func directID(_ a: UserRef, _ b: UserRef) -> String {
        let pair = [a.description, b.description].sorted()
        return "d:\(pair[0]):\(pair[1])"
    }
}

/// A conversation as one user sees it in lists: with its unread count.
public struct ConversationSummary: Sendable, Hashable, Codable {
    public var id: String
    public var kind: ConversationKind
    public var tenant: String
    public var title: String
    public var lastSeq: Int64
    public var unread: Int64
    public var members: [String]?

    public init(id: String, kind: ConversationKind, tenant: String, title: String, lastSeq: Int64, unread: Int64, members: [String]? = nil) {
        self.id = id
        self.kind = kind
        self.tenant = tenant
        self.title = title
        self.lastSeq = lastSeq
        self.unread = unread
        self.members = members
    }
}

/// A topic of a topic group, with its last activity.
public struct TopicSummary: Sendable, Hashable, Codable {
    public var name: String
    public var lastSeq: Int64
    public var lastAt: Int64
    public var count: Int64

    public init(name: String, lastSeq: Int64, lastAt: Int64, count: Int64) {
        self.name = name
        self.lastSeq = lastSeq
        self.lastAt = lastAt
        self.count = count
    }
}
