/// A piece of a message that no engine may change: it is restored byte for byte.
public struct ProtectedSpan: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case codeBlock, codeSpan, url, email, mention, topic, number, emoji
        /// A person's name, rendered in its Latin spelling (a member's chosen one, or transliterated).
        case name
        /// A date, time or amount, rendered for the target language ("下周五" → "next Friday").
        case date
    }

    public var kind: Kind
    public var range: Range<String.Index>
    public var text: Substring
    /// What the span becomes in the target language; nil means "exactly as written".
    public var rendering: String?

    public init(kind: Kind, range: Range<String.Index>, in source: String, rendering: String? = nil) {
        self.kind = kind
        self.range = range
        self.text = source[range]
        self.rendering = rendering
    }
}
