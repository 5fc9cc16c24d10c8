import ParleyDomain

/// Earlier versions of edited messages: the message-actions feature's own slice of the store,
/// implemented by both drivers. Edits and deletions themselves are written by the group-commit
/// writer (they are events of the conversation); this only reads what they kept.
public protocol MessageVersionStoring: Sendable {
    /// Message `seq` of `conversation` as it is now (nil: no such message), and the texts it had
    /// before each edit, oldest first (none once it is deleted: a deletion erases them).
    func messageVersions(conversation: String, seq: Int64) async throws -> (message: ChatMessage?, versions: [MessageVersion])
}

/// A text a message had before an edit replaced it.
public struct MessageVersion: Sendable, Equatable, Codable {
    /// 1 for the original text, then one more per edit.
    public var version: Int64
    public var text: String
    public var lang: String
    /// When the next edit replaced it (milliseconds since 1970).
    public var replacedAt: Int64

    public init(version: Int64, text: String, lang: String, replacedAt: Int64) {
        self.version = version
        self.text = text
        self.lang = lang
        self.replacedAt = replacedAt
    }
}
