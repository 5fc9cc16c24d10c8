import ParleyDomain

/// A translation direction, written "en-es" in configuration and file names.
public struct LanguagePair: Hashable, Sendable, CustomStringConvertible {
    public let source: Language
    public let target: Language

    public init(_ source: Language, _ target: Language) {
        self.source = source
        self.target = target
    }

    /// Parses "en-es" (or "en_es"); nil when it is not two language codes.
    public init?(_ text: String) {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard parts.count == 2 else { return nil }
        self.init(Language(String(parts[0])), Language(String(parts[1])))
    }

    public var description: String { "\(source.code)-\(target.code)" }

    /// Whether a language writes words without spaces between them.
    static func isUnspaced(_ language: Language) -> Bool {
        ["zh", "ja", "th", "lo", "km", "my"].contains(language.code)
    }
}
