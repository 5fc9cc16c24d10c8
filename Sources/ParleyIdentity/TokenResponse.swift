/// The token endpoint's answer (RFC 6749 5.1, OpenID Connect Core 3.1.3.3).
struct TokenResponse: Decodable {
    var idToken: String?
    var error: String?
    var errorDescription: String?

    enum CodingKeys: String, CodingKey {
        case idToken = "id_token", error, errorDescription = "error_description"
    }
}
