import Foundation
import JWTKit
import ParleyIdentity
import Synchronization

/// An identity provider in memory: a discovery document, a key set that can rotate, and a token
/// endpoint that answers one ID token. Counts key-set fetches.
final class StubProvider: ProviderTransport {
    static let issuer = "https://id.test"
    private let state = Mutex<(jwks: String, jwksFetches: Int, idToken: String?, lastForm: [String: String])>(("{\"keys\": []}", 0, nil, [:]))

    var jwksFetches: Int { state.withLock { $0.jwksFetches } }
    var lastForm: [String: String] { state.withLock { $0.lastForm } }

    func publish(_ keys: [(kid: String, key: ES256PrivateKey)]) {
        let entries = keys.map { k in
            "{\"kty\": \"EC\", \"crv\": \"P-256\", \"use\": \"sig\", \"kid\": \"\(k.kid)\", \"x\": \"\(k.key.parameters!.x)\", \"y\": \"\(k.key.parameters!.y)\"}"
        }
        state.withLock { $0.jwks = "{\"keys\": [\(entries.joined(separator: ","))]}" }
    }

    func answer(idToken: String) { state.withLock { $0.idToken = idToken } }

    func get(_ url: String) async throws -> (status: Int, body: [UInt8]) {
        switch url {
        case Self.issuer + "/.well-known/openid-configuration":
            let doc = """
                {"issuer": "\(Self.issuer)", "authorization_endpoint": "\(Self.issuer)/authorize", "token_endpoint": "\(Self.issuer)/token",
                 "jwks_uri": "\(Self.issuer)/jwks", "id_token_signing_alg_values_supported": ["ES256"]}
                """
            return (200, Array(doc.utf8))
        case Self.issuer + "/jwks":
            return state.withLock { s in
                s.jwksFetches += 1
                return (200, Array(s.jwks.utf8))
            }
        default:
            return (404, [])
        }
    }

    func postForm(_ url: String, _ fields: [(String, String)], basicAuth: (user: String, password: String)?) async throws -> (status: Int, body: [UInt8]) {
        state.withLock { s in
            s.lastForm = Dictionary(fields, uniquingKeysWith: { a, _ in a })
            s.lastForm["basic_user"] = basicAuth?.user
            guard let token = s.idToken else { return (400, Array(#"{"error": "invalid_grant"}"#.utf8)) }
            s.idToken = nil // a code works once
            return (200, Array(#"{"id_token": "\#(token)", "token_type": "Bearer"}"#.utf8))
        }
    }
}

/// Signs ID tokens as a provider would.
struct TestClaims: JWTPayload {
    var claims: ClaimSet
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(claims)
    }
    init(_ claims: ClaimSet) { self.claims = claims }
    init(from decoder: any Decoder) throws { claims = try decoder.singleValueContainer().decode(ClaimSet.self) }
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

func sign(_ claims: ClaimSet, with key: ES256PrivateKey, kid: String) async throws -> String {
    let keys = JWTKeyCollection()
    await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
    return try await keys.sign(TestClaims(claims), kid: JWKIdentifier(string: kid))
}
