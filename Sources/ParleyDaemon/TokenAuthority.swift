import Foundation
import JWTKit
import ParleyDomain

/// Mints and verifies Parley's HS256 tokens (claims in docs/protocol.md, "Tokens").
public struct TokenAuthority: Sendable {
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim?
        var nbf: NotBeforeClaim?
        var tenant: String
        var name: String?
        var lang: String?
        var admin: Bool?
        var bot: Bool?

        /// Time and ids are checked by `TokenAuthority.check`, against its clock, with messages that
        /// name the claim; jwt-kit only checks the signature.
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// How far a token's `nbf` may lie ahead of this server's clock (clock skew between machines).
    public static let notBeforeLeeway: TimeInterval = 30

    private let keys: JWTKeyCollection
    private let now: @Sendable () -> Date

    /// - Parameter now: the clock tokens are checked against (tests move it).
    public init(secret: String, now: @escaping @Sendable () -> Date = Date.init) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
        self.now = now
    }

    /// A signed token for `identity`, valid for `lifetime` seconds from `notBefore` (default: now).
    /// It signs what it is given; `verify` refuses ids that break `UserRef.problem(with:field:)`.
    public func mint(_ identity: Identity, lifetime: TimeInterval = 30 * 24 * 3600, notBefore: Date? = nil) async throws -> String {
        let issued = now()
        let start = notBefore ?? issued
        let claims = Claims(sub: SubjectClaim(value: identity.user.id), exp: ExpirationClaim(value: start.addingTimeInterval(lifetime)),
                            iat: IssuedAtClaim(value: issued), nbf: notBefore.map { NotBeforeClaim(value: $0) },
                            tenant: identity.user.tenant, name: identity.name, lang: identity.language.code,
                            admin: identity.isAdmin ? true : nil, bot: identity.isBot ? true : nil)
        return try await keys.sign(claims)
    }

    /// Verifies a token; the error message names what is wrong.
    public func verify(_ token: String) async -> Result<Identity, ProtocolError> {
        let token = token.hasPrefix("Bearer ") ? String(token.dropFirst(7)) : token
        do {
            let claims = try await keys.verify(token, as: Claims.self)
            if let problem = check(claims) { return .failure(ProtocolError(.unauthorized, problem)) }
            return .success(Identity(user: UserRef(id: claims.sub.value, tenant: claims.tenant), name: claims.name ?? claims.sub.value,
                                     language: Language(claims.lang ?? "en"), isAdmin: claims.admin ?? false, isBot: claims.bot ?? false))
        } catch let error as JWTError {
            let reason: String
            switch error.errorType {
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

    /// What is wrong with a correctly signed token's claims, or nil.
    private func check(_ claims: Claims) -> String? {
        let now = now()
        if claims.exp.value <= now {
            return "token expired at \(timestamp(claims.exp.value)); sign in again for a new one"
        }
        if let nbf = claims.nbf?.value, nbf > now.addingTimeInterval(Self.notBeforeLeeway) {
            return "token is not valid before \(timestamp(nbf)) ('nbf' lies in the future)"
        }
        if let problem = UserRef.problem(with: claims.sub.value, field: "sub") ?? UserRef.problem(with: claims.tenant, field: "tenant") {
            return "token refused: " + problem
        }
        return nil
    }

    private func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
