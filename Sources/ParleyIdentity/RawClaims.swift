import JWTKit

/// An ID token's payload as a whole; its claims are checked by `IDTokenCheck`, not here.
struct RawClaims: JWTPayload {
    var claims: ClaimSet
    init(from decoder: any Decoder) throws { claims = try decoder.singleValueContainer().decode(ClaimSet.self) }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(claims)
    }
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
