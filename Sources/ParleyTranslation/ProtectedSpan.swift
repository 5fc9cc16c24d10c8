/// A piece of a message that no engine may change: it is restored byte for byte.
public struct ProtectedSpan: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case codeBlock, codeSpan, url, email, mention, topic, number, emoji
    }

    public var kind: Kind
    public var range: Range<String.Index>
    public var text: Substring

    public init(kind: Kind, range: Range<String.Index>, in source: String) {
        self.kind = kind
        self.range = range
        self.text = source[range]
    }
}
