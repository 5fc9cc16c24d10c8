import ParleyDomain

/// The phrase dictionary for one direction, keyed by the matching key of each source phrase
/// (NFKC + case folding, words joined by one space; unspaced languages joined without spaces).
public struct PairDictionary: Sendable {
    public let pair: LanguagePair
    private(set) var entries: [String: DictionaryEntry] = [:]
    /// The longest source phrase in words (spaced languages) or characters (unspaced ones).
    private(set) var longestPhrase = 1

    public init(pair: LanguagePair) { self.pair = pair }

    public var count: Int { entries.count }

    /// Adds `entry`, keeping the heavier one when the key is already there (ties: first loaded wins).
    mutating func add(_ entry: DictionaryEntry, analyzer: any TextAnalyzing) {
        let key = Self.key(for: entry.source, language: pair.source, analyzer: analyzer)
        guard !key.isEmpty else { return }
        if let existing = entries[key], existing.weight >= entry.weight { return }
        entries[key] = entry
        let length = LanguagePair.isUnspaced(pair.source) ? key.count : key.split(separator: " ").count
        longestPhrase = max(longestPhrase, min(length, 12))
    }

    /// The entry for an already-computed matching key.
    public func lookup(key: String) -> DictionaryEntry? { entries[key] }

    static func key(for phrase: String, language: Language, analyzer: any TextAnalyzing) -> String {
        let folded = analyzer.matchingKey(phrase, language: language)
        if LanguagePair.isUnspaced(language) { return folded.filter { !$0.isWhitespace } }
        // Fast path: letters, digits and spaces split the same way under ICU's word rules.
        // Apostrophes inside words ("don't", "j'ai") do not break words either.
        if folded.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == " " || $0 == "'" }) {
            return Elision.spacedKey(folded.split(separator: " ").joined(separator: " "), language: language.code)
        }
        return Elision.spacedKey(analyzer.words(in: folded, language: language).joined(separator: " "), language: language.code)
    }
}
