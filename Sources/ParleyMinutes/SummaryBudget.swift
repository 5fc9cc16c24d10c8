/// How long a summary may be: words for languages written with spaces, characters for
/// Chinese and Japanese (punctuation and spaces not counted).
///
/// JSON: `{"unit": "words", "limit": 120}` or `{"unit": "characters", "limit": 300}`.
public enum SummaryBudget: Hashable, Sendable, Codable {
    case words(Int)
    case characters(Int)

    public var limit: Int {
        switch self {
        case .words(let n), .characters(let n): n
        }
    }

    private enum CodingKeys: String, CodingKey { case unit, limit }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let limit = try c.decode(Int.self, forKey: .limit)
        switch try c.decode(String.self, forKey: .unit) {
        case "words": self = .words(limit)
        case "characters": self = .characters(limit)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .unit, in: c,
                                                   debugDescription: "unit must be \"words\" or \"characters\", got \"\(other)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .words(let n): try c.encode("words", forKey: .unit); try c.encode(n, forKey: .limit)
        case .characters(let n): try c.encode("characters", forKey: .unit); try c.encode(n, forKey: .limit)
        }
    }
}
