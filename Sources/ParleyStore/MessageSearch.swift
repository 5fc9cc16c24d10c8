import ParleyDomain

/// One search: the terms that must all match, and where to look. `conversations` is the set the
/// asker may read; nothing outside it is read, counted or returned.
public struct MessageSearch: Sendable {
    public var terms: [String]
    public var conversations: [String]
    public var topic: String?
    public var sender: UserRef?
    public var since: Int64?
    public var until: Int64?
    public var minutesOnly: Bool?
    public var byRelevance: Bool
    /// Newest first: results before this index position (the previous page's last); relevance: `offset`.
    public var before: Int64?
    public var offset: Int
    public var limit: Int

    public init(terms: [String], conversations: [String], topic: String? = nil, sender: UserRef? = nil, since: Int64? = nil,
                until: Int64? = nil, minutesOnly: Bool? = nil, byRelevance: Bool = false,
                before: Int64? = nil, offset: Int = 0, limit: Int) {
        self.terms = terms
        self.conversations = conversations
        self.topic = topic
        self.sender = sender
        self.since = since
        self.until = until
        self.minutesOnly = minutesOnly
        self.byRelevance = byRelevance
        self.before = before
        self.offset = offset
        self.limit = limit
    }

    /// How long one search query may run before it is stopped (seconds).
    public static let budget: Double = 2
}

/// Minutes that matched a search.
public struct MinutesHit: Sendable {
    public var meeting: String
    public var version: Int64
    public var title: String
    public var conversation: String?
    public var endedAt: Int64
    public var body: String

    public init(meeting: String, version: Int64, title: String, conversation: String?, endedAt: Int64, body: String) {
        self.meeting = meeting
        self.version = version
        self.title = title
        self.conversation = conversation
        self.endedAt = endedAt
        self.body = body
    }
}
