import Foundation
import JWTKit
import Logging

/// What parleyd knows of one provider: its discovery document and signing keys, fetched when
/// first needed. Exchanges an authorization code for an ID token and verifies it: signature by
/// the key its `kid` names (the JWKS is fetched again once, at most every `keyRefetchInterval`,
/// when a token names a key it does not know: providers rotate keys), then the claims.
public actor ProviderLink {
    public let provider: IdentityProvider
    let transport: any ProviderTransport
    let clock: @Sendable () -> Date
    let logger: Logger
    /// The shortest time between two JWKS fetches caused by unknown key ids.
    let keyRefetchInterval: TimeInterval

    private var discovery: DiscoveryDocument?
    private var keys: JWTKeyCollection?
    /// Key id → key type ("RSA", "EC"), to refuse a token whose algorithm does not fit its key.
    private var keyTypes: [String: String] = [:]
    private var lastKeyFetch: Date?

    public init(provider: IdentityProvider, transport: any ProviderTransport, keyRefetchInterval: TimeInterval = 60,
                clock: @escaping @Sendable () -> Date = Date.init, logger: Logger) {
        self.provider = provider
        self.transport = transport
        self.keyRefetchInterval = keyRefetchInterval
        self.clock = clock
        self.logger = logger
    }

    /// The discovery document (fetched once; fetched again after a failure).
    public func document() async throws(IdentityError) -> DiscoveryDocument {
        if let discovery { return discovery }
        let (status, body) = try await fetch(provider.discoveryURL, what: "discovery document")
        guard status == 200, let doc = try? JSONDecoder().decode(DiscoveryDocument.self, from: Data(body)) else {
            throw IdentityError(.providerDown, "\(provider.name)'s discovery document (\(provider.discoveryURL)) answered \(status) without the endpoints parleyd needs")
        }
        guard doc.issuer == provider.issuer else {
            throw IdentityError(.badConfiguration, "\(provider.name)'s discovery document names issuer '\(doc.issuer.prefix(100))', not the configured '\(provider.issuer)'")
        }
        discovery = doc
        return doc
    }

    /// Trades an authorization code (with its PKCE verifier) for an ID token at the token endpoint.
    public func exchange(code: String, verifier: String, redirectURI: String) async throws(IdentityError) -> String {
        let doc = try await document()
        let fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                      ("code_verifier", verifier), ("client_id", provider.clientID)]
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await transport.postForm(doc.tokenEndpoint, fields, basicAuth: (provider.clientID, provider.clientSecret))
        } catch {
            throw IdentityError(.providerDown, "\(provider.name)'s token endpoint did not answer: \(error)")
        }
        let response = try? JSONDecoder().decode(TokenResponse.self, from: Data(answer.body))
        guard answer.status == 200, let idToken = response?.idToken else {
            let reason = response?.error.map { "\($0)\(response?.errorDescription.map { ": \($0.prefix(200))" } ?? "")" } ?? "status \(answer.status)"
            throw IdentityError(answer.status >= 500 ? .providerDown : .codeRejected,
                                "\(provider.name) refused the authorization code (\(reason)); it may be used already or expired")
        }
        return idToken
    }

    /// Verifies a machine's access token from this provider (client credentials): its signature
    /// through the key set, `iss`, `aud` (this client), `exp`, `iat` and `nbf`; no nonce.
    public func verify(machineToken: String) async throws(IdentityError) -> ClaimSet {
        try await verify(idToken: machineToken, nonce: nil)
    }

    /// Verifies an ID token's signature and claims; returns its claims.
    public func verify(idToken: String, nonce: String?) async throws(IdentityError) -> ClaimSet {
        let header = try Self.header(of: idToken)
        guard let alg = header.alg, DiscoveryDocument.acceptedAlgorithms.contains(alg) else {
            throw IdentityError(.tokenRejected, "the ID token's algorithm '\(header.alg ?? "none")' is not accepted (RS*, PS* or ES* only)")
        }
        let kid: String
        if let named = header.kid, !named.isEmpty {
            kid = named
            if keys == nil || keyTypes[kid] == nil { try await refreshKeys() }
        } else {
            // A token without `kid` is allowed only while the provider publishes a single key (OIDC Core 10.1).
            if keys == nil { try await refreshKeys() }
            guard keyTypes.count == 1, let only = keyTypes.keys.first else {
                throw IdentityError(.tokenRejected, "the ID token names no key ('kid') and \(provider.name) publishes \(keyTypes.count) keys")
            }
            kid = only
        }
        guard let keys, let type = keyTypes[kid] else {
            throw IdentityError(.unknownKey, "the ID token is signed with key '\(kid.prefix(80))', which \(provider.name)'s key set does not have")
        }
        guard (type == "RSA" && (alg.hasPrefix("RS") || alg.hasPrefix("PS"))) || (type == "EC" && alg.hasPrefix("ES")) else {
            throw IdentityError(.tokenRejected, "the ID token's algorithm \(alg) does not fit key '\(kid.prefix(80))' (\(type))")
        }
        let payload: RawClaims
        do {
            payload = try await keys.verify(idToken, as: RawClaims.self)
        } catch {
            throw IdentityError(.tokenRejected, "the ID token's signature does not verify with \(provider.name)'s key '\(kid.prefix(80))'")
        }
        let check = IDTokenCheck(issuer: provider.issuer, clientID: provider.clientID, nonce: nonce)
        if let refusal = check.refusal(of: payload.claims, now: clock()) { throw refusal }
        return payload.claims
    }

    /// Fetches the JWKS: always the first time, then at most once per `keyRefetchInterval`.
    private func refreshKeys() async throws(IdentityError) {
        let now = clock()
        if let last = lastKeyFetch, now.timeIntervalSince(last) < keyRefetchInterval, keys != nil { return }
        lastKeyFetch = now
        let doc = try await document()
        let (status, body) = try await fetch(doc.jwksURI, what: "key set")
        guard status == 200, let set = try? JSONDecoder().decode(KeySet.self, from: Data(body)) else {
            throw IdentityError(.providerDown, "\(provider.name)'s key set (\(doc.jwksURI)) answered \(status) without keys")
        }
        let collection = JWTKeyCollection()
        var types: [String: String] = [:]
        for key in set.keys where key.use == nil || key.use == "sig" {
            guard let id = key.kid, key.kty == "RSA" || key.kty == "EC", let json = key.json else { continue }
            do {
                try await collection.add(jwk: try JSONDecoder().decode(JWK.self, from: json))
                types[id] = key.kty
            } catch {
                logger.warning("identity provider key skipped", metadata: ["identity.provider": "\(provider.name)", "identity.kid": "\(id)"])
            }
        }
        keys = collection
        keyTypes = types
        logger.debug("identity provider keys fetched", metadata: ["identity.provider": "\(provider.name)", "identity.keys": "\(types.count)"])
    }

    private func fetch(_ url: String, what: String) async throws(IdentityError) -> (Int, [UInt8]) {
        do {
            return try await transport.get(url)
        } catch {
            throw IdentityError(.providerDown, "\(provider.name)'s \(what) at \(url) did not answer: \(error)")
        }
    }

    /// The JOSE header of a compact JWT, unverified.
    static func header(of token: String) throws(IdentityError) -> (alg: String?, kid: String?) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URL: String(parts[0])),
              let object = try? JSONDecoder().decode([String: ClaimValue].self, from: data) else {
            throw IdentityError(.tokenRejected, "the ID token is not a well-formed JWT")
        }
        return (object["alg"]?.string, object["kid"]?.string)
    }
}
