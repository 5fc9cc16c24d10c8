/// The parts of a provider's `/.well-known/openid-configuration` parleyd uses.
public struct DiscoveryDocument: Sendable, Equatable, Decodable {
    public var issuer: String
    public var authorizationEndpoint: String
    public var tokenEndpoint: String
    public var jwksURI: String
    public var endSessionEndpoint: String?
    public var signingAlgorithms: [String]?

    enum CodingKeys: String, CodingKey {
        case issuer, authorizationEndpoint = "authorization_endpoint", tokenEndpoint = "token_endpoint", jwksURI = "jwks_uri"
        case endSessionEndpoint = "end_session_endpoint", signingAlgorithms = "id_token_signing_alg_values_supported"
    }

    public init(issuer: String, authorizationEndpoint: String, tokenEndpoint: String, jwksURI: String,
                endSessionEndpoint: String? = nil, signingAlgorithms: [String]? = nil) {
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.endSessionEndpoint = endSessionEndpoint
        self.signingAlgorithms = signingAlgorithms
    }

    /// Asymmetric algorithms only: an HMAC or `none` ID token is never accepted (algorithm confusion).
    public static let acceptedAlgorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
}
