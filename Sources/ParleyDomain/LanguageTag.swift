/// A well-formed BCP 47 language tag of bounded length (RFC 5646 syntax: a 2-8 letter primary
/// subtag, then subtags of 1-8 letters or digits), such as "en", "zh-Hans-CN", "pt-BR", "es-419".
///
/// Parley routes by the primary language (`language`); the full tag is only checked, so that a
/// client cannot store a 10,000-character "language". Private-use and grandfathered tags
/// ("x-klingon", "i-default") are refused: no dictionary or engine could serve them.
public struct LanguageTag: Sendable, Hashable {
    public let tag: String

    public init?(_ raw: String) {
        guard !raw.isEmpty, raw.utf8.count <= FieldRules.maxLanguageTagLength else { return nil }
        let subtags = raw.split(separator: "-", omittingEmptySubsequences: false).flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        guard let primary = subtags.first, (2...8).contains(primary.utf8.count),
              primary.utf8.allSatisfy(Self.isLetter) else { return nil }
        for subtag in subtags.dropFirst() {
            guard (1...8).contains(subtag.utf8.count), subtag.utf8.allSatisfy({ Self.isLetter($0) || (48...57).contains($0) }) else { return nil }
        }
        tag = subtags.joined(separator: "-")
    }

    /// The primary language Parley routes by.
    public var language: Language { Language(tag) }

    private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
}
