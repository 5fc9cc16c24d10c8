/// A BCP 47 language tag as Parley uses it: the primary subtag, lower-cased ("zh", "en", "es").
///
/// Region and script subtags are dropped on purpose: dictionaries and engines are
/// routed per primary language, and "zh-CN" and "zh" must meet in the same cache entry.
public struct Language: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let code: String

    public init(_ tag: String) {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        self.code = primary.isEmpty ? "und" : primary.lowercased()
    }

    public static let english = Language("en")
    public static let chinese = Language("zh")
    public static let spanish = Language("es")
    public static let french = Language("fr")
    public static let undetermined = Language("und")

    public var description: String { code }

    public static func < (lhs: Language, rhs: Language) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(code)
    }
}
