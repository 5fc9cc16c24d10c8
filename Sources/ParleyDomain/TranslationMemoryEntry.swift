import Foundation

/// One accepted correction: within `tenant`, `sourceText` in `source` reads `correctedText` in
/// `target`. Who proposed it and when it was accepted travel with it (exports, audits).
public struct TranslationMemoryEntry: Sendable, Hashable, Codable {
    public var tenant: String
    public var source: Language
    public var target: Language
    public var sourceText: String
    public var correctedText: String
    public var author: String
    public var acceptedAt: Date

    public init(tenant: String, source: Language, target: Language, sourceText: String, correctedText: String,
                author: String, acceptedAt: Date) {
        self.tenant = tenant
        self.source = source
        self.target = target
        self.sourceText = sourceText
        self.correctedText = correctedText
        self.author = author
        self.acceptedAt = acceptedAt
    }
}
