import Foundation
import JWTKit
import ParleyDomain

/// Mints and verifies Parley's HS256 tokens (claims in docs/protocol.md, "Tokens").
public struct TokenAuthority: Sendable {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim?
        var tenant: String
        var name: String?
        var lang: String?
        var admin: Bool?
        var bot: Bool?

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    private let keys: JWTKeyCollection

    public init(secret: String) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
    }

    /// A signed token for `identity`, valid for `lifetime` seconds.
    public func mint(_ identity: Identity, lifetime: TimeInterval = 30 * 24 * 3600) async throws -> String {
        let claims = Claims(sub: SubjectClaim(value: identity.user.id), exp: ExpirationClaim(value: Date().addingTimeInterval(lifetime)),
                            iat: IssuedAtClaim(value: Date()), tenant: identity.user.tenant, name: identity.name,
                            lang: identity.language.code, admin: identity.isAdmin ? true : nil, bot: identity.isBot ? true : nil)
        return try await keys.sign(claims)
    }

    /// Verifies a token; the error message names what is wrong.
    public func verify(_ token: String) async -> Result<Identity, ProtocolError> {
        let token = token.hasPrefix("Bearer ") ? String(token.dropFirst(7)) : token
        do {
            let claims = try await keys.verify(token, as: Claims.self)
            guard !claims.sub.value.isEmpty, !claims.tenant.isEmpty else {
                return .failure(ProtocolError(.unauthorized, "token lacks 'sub' or 'tenant'"))
            }
            return .success(Identity(user: UserRef(id: claims.sub.value, tenant: claims.tenant), name: claims.name ?? claims.sub.value,
                                     language: Language(claims.lang ?? "en"), isAdmin: claims.admin ?? false, isBot: claims.bot ?? false))
        } catch let error as JWTError {
            let reason: String
            switch error.errorType {
            case .claimVerificationFailure: reason = "token expired or its claims are invalid"
            case .signatureVerificationFailed: reason = "token signature does not match this server's secret"
            case .malformedToken: reason = "token is not a well-formed JWT"
            default: reason = "token rejected: \(error.errorType)"
            }
            return .failure(ProtocolError(.unauthorized, reason))
        } catch is DecodingError {
            return .failure(ProtocolError(.unauthorized, "token lacks a required claim (sub, tenant, exp)"))
        } catch {
            return .failure(ProtocolError(.unauthorized, "token rejected: \(error)"))
        }
    }
}
