import Foundation

/// A JWKS, each key kept as its own JSON for jwt-kit.
struct KeySet: Decodable {
    struct Key: Decodable {
        var kid: String?
        var kty: String
        var use: String?
        var json: Data?
        enum CodingKeys: String, CodingKey { case kid, kty, use }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kid = try c.decodeIfPresent(String.self, forKey: .kid)
            kty = try c.decode(String.self, forKey: .kty)
            use = try c.decodeIfPresent(String.self, forKey: .use)
            json = try? JSONEncoder().encode(try decoder.singleValueContainer().decode(ClaimSet.self))
        }
    }
    var keys: [Key]
}

extension Data {
    init?(base64URL text: String) {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        s += String(repeating: "=", count: (4 - s.count % 4) % 4)
        self.init(base64Encoded: s)
    }
}
