import Foundation

/// A member's proposed rendering of one message into one language, waiting for (or decided by) an
/// admin of the tenant whose translation memory it would enter: the tenant that owns the
/// conversation. Accepted, it becomes a `TranslationMemoryEntry` of that tenant.
public struct TranslationSuggestion: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        case pending, accepted, rejected
    }

    public var id: String
    /// Whose memory it would enter (the conversation's owner).
    public var tenant: String
    public var conversation: String
    public var seq: Int64
    public var source: Language
    public var target: Language
    /// The message's text as it was sent.
    public var sourceText: String
    public var suggestedText: String
    public var author: UserRef
    public var state: State
    /// Milliseconds since 1970.
    public var createdAt: Int64
    public var decidedAt: Int64?
    /// The admin who decided it, or the author when the tenant accepts this author's suggestions at once.
    public var decidedBy: UserRef?

    public init(id: String, tenant: String, conversation: String, seq: Int64, source: Language, target: Language,
                sourceText: String, suggestedText: String, author: UserRef, state: State = .pending,
                createdAt: Int64, decidedAt: Int64? = nil, decidedBy: UserRef? = nil) {
        self.id = id
        self.tenant = tenant
        self.conversation = conversation
        self.seq = seq
        self.source = source
        self.target = target
        self.sourceText = sourceText
        self.suggestedText = suggestedText
        self.author = author
        self.state = state
        self.createdAt = createdAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
    }

    /// The memory entry an accepted suggestion stands for.
    public var memoryEntry: TranslationMemoryEntry {
        TranslationMemoryEntry(tenant: tenant, source: source, target: target, sourceText: sourceText, correctedText: suggestedText,
                               author: author.description,
                               acceptedAt: Date(timeIntervalSince1970: Double(decidedAt ?? createdAt) / 1000))
    }
}
