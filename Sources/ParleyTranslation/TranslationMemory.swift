import ParleyDomain

/// A tenant's accepted corrections, consulted before any engine. Pure value: a store loads
/// entries with `add`, the translator reads it; persistence and protocol frames live elsewhere.
///
/// Entries are keyed by tenant, language pair and the source's matching key (NFKC + case fold
/// through ICU, whitespace collapsed, trailing punctuation dropped), so "Send the report." and
/// "send  the report" hit the same correction. One tenant's entries never answer another's.
public struct TranslationMemory: Sendable {
    struct Key: Hashable, Sendable {
        let tenant: String
        let pair: LanguagePair
        let text: String
    }

    private var byKey: [Key: TranslationMemoryEntry] = [:]
    let analyzer: any TextAnalyzing

    public init(analyzer: any TextAnalyzing, entries: [TranslationMemoryEntry] = []) {
        self.analyzer = analyzer
        for entry in entries { add(entry) }
    }

    public var count: Int { byKey.count }

    /// Adds an accepted correction; a later acceptance of the same source replaces an earlier one.
    public mutating func add(_ entry: TranslationMemoryEntry) {
        let key = self.key(entry.tenant, entry.source, entry.target, entry.sourceText)
        if let existing = byKey[key], existing.acceptedAt > entry.acceptedAt { return }
        byKey[key] = entry
    }

    /// Removes the correction for `sourceText` (or a near-identical text) and returns it.
    @discardableResult
    public mutating func remove(tenant: String, source: Language, target: Language, sourceText: String) -> TranslationMemoryEntry? {
        byKey.removeValue(forKey: key(tenant, source, target, sourceText))
    }

    /// The correction for `text` in `tenant`'s memory, if one was accepted for the same or a
    /// near-identical source.
    public func lookup(_ text: String, tenant: String, from source: Language, to target: Language) -> TranslationMemoryEntry? {
        byKey[key(tenant, source, target, text)]
    }

    /// `lookup` with the text already `normalized` (callers that hold a lock normalize outside it).
    func lookup(normalized: String, tenant: String, pair: LanguagePair) -> TranslationMemoryEntry? {
        byKey[Key(tenant: tenant, pair: pair, text: normalized)]
    }

    /// A tenant's entries, oldest acceptance first (then by source text, for stable exports).
    public func entries(tenant: String) -> [TranslationMemoryEntry] {
        byKey.values.filter { $0.tenant == tenant }
            .sorted { ($0.acceptedAt, $0.sourceText, $0.target.code) < ($1.acceptedAt, $1.sourceText, $1.target.code) }
    }

    /// The lookup form of a source text: ICU matching key, whitespace collapsed, trailing punctuation dropped.
    public func normalized(_ text: String, language: Language) -> String {
        let folded = analyzer.matchingKey(text, language: language)
        var collapsed = folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while let last = collapsed.last, last.isPunctuation || last.isWhitespace { collapsed.removeLast() }
        return collapsed
    }

    private func key(_ tenant: String, _ source: Language, _ target: Language, _ text: String) -> Key {
        Key(tenant: tenant, pair: LanguagePair(source, target), text: normalized(text, language: source))
    }
}
