import ParleyDomain
import ParleyHub
import ParleyIdentity

/// Who a credential stands for, on the WebSocket `hello` and the HTTP API alike: a feature's own
/// kind first (an API key says so by its prefix), a configured provider's machine token (its
/// issuer says so), else the daemon's signed token.
struct Credentials: Sendable {
    let tokens: TokenAuthority
    let verifiers: [any CredentialVerifier]

    init(tokens: TokenAuthority, features: [any Feature], identity: IdentityDesk?) {
        self.tokens = tokens
        verifiers = features.compactMap { $0 as? any CredentialVerifier } + (identity.map { [$0] } ?? [])
    }

    /// - Parameter credential: the token itself, or an HTTP `Authorization` value (`Bearer …`).
    func verify(_ credential: String) async -> Result<Identity, ProtocolError> {
        let credential = credential.hasPrefix("Bearer ") ? String(credential.dropFirst(7)) : credential
        for verifier in verifiers {
            if let answer = await verifier.verify(credential: credential) { return answer }
        }
        return await tokens.verify(credential)
    }
}
