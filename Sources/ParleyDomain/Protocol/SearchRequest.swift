/// A validated `search` frame (docs/protocol.md, "Search").
public struct SearchRequest: Sendable, Equatable {
    public enum Order: String, Sendable { case newest, relevance }
    public enum Kind: String, Sendable { case message, minutes }

    public var query: String
    public var conversation: String?
    public var topic: String?
    /// The sender, `id` or `id@tenant`.
    public var from: String?
    /// Milliseconds since 1970, inclusive / exclusive.
    public var since: Int64?
    public var until: Int64?
    public var kind: Kind?
    public var order: Order
    public var limit: Int
    /// The `next` of the previous page.
    public var cursor: String?

    /// Queries longer than this are refused: a query is words, not a document.
    public static let maxQueryCharacters = 200
    public static let maxLimit = 50

    public init(query: String, conversation: String? = nil, topic: String? = nil, from: String? = nil, since: Int64? = nil,
                until: Int64? = nil, kind: Kind? = nil, order: Order = .newest, limit: Int = 20, cursor: String? = nil) {
        self.query = query
        self.conversation = conversation
        self.topic = topic
        self.from = from
        self.since = since
        self.until = until
        self.kind = kind
        self.order = order
        self.limit = limit
        self.cursor = cursor
    }
}
