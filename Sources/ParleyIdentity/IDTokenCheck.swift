import Foundation

/// The checks OpenID Connect Core 3.1.3.7 asks of an ID token's claims once its signature is
/// verified: issuer, audience, expiry, issue time, not-before and nonce. Pure: the clock is a value.
public struct IDTokenCheck: Sendable {
    public var issuer: String
    public var clientID: String
    /// The nonce sent with the authorization request; nil for a machine's access token, which has
    /// none and lives longer (no `maxAge` either).
    public var nonce: String?
    /// Clock skew allowed between parleyd and the provider.
    public var leeway: TimeInterval = 60
    /// The oldest `iat` accepted: an ID token is used at once, a replayed old one is refused.
    public var maxAge: TimeInterval = 600

    public init(issuer: String, clientID: String, nonce: String?, leeway: TimeInterval = 60, maxAge: TimeInterval = 600) {
        self.issuer = issuer
        self.clientID = clientID
        self.nonce = nonce
        self.leeway = leeway
        self.maxAge = maxAge
    }

    /// Nil when the claims pass at `now`, else the refusal naming the claim.
    public func refusal(of claims: ClaimSet, now: Date) -> IdentityError? {
        guard let iss = claims["iss"]?.string else { return IdentityError(.wrongIssuer, "the ID token has no 'iss'") }
        guard iss == issuer else {
            return IdentityError(.wrongIssuer, "the ID token was issued by '\(iss.prefix(100))', not by '\(issuer)'")
        }
        let audiences = claims["aud"]?.strings ?? []
        guard audiences.contains(clientID) else {
            return IdentityError(.wrongAudience, "the ID token is for \(audiences.map { "'\($0.prefix(60))'" }.joined(separator: ", ")), not for client '\(clientID)'")
        }
        if audiences.count > 1, let azp = claims["azp"]?.string, azp != clientID {
            return IdentityError(.wrongAudience, "the ID token's authorized party is '\(azp.prefix(60))', not client '\(clientID)'")
        }
        let t = now.timeIntervalSince1970
        guard let exp = claims["exp"]?.number else { return IdentityError(.expired, "the ID token has no 'exp'") }
        guard exp + leeway > t else { return IdentityError(.expired, "the ID token expired \(Self.seconds(t - exp)) ago") }
        guard let iat = claims["iat"]?.number else { return IdentityError(.notYetValid, "the ID token has no 'iat'") }
        guard iat <= t + leeway else { return IdentityError(.notYetValid, "the ID token was issued \(Self.seconds(iat - t)) in the future") }
        guard nonce == nil || iat + maxAge + leeway > t else { return IdentityError(.expired, "the ID token was issued \(Self.seconds(t - iat)) ago; the limit is \(Self.seconds(maxAge))") }
        if let nbf = claims["nbf"] {
            guard let n = nbf.number else { return IdentityError(.notYetValid, "the ID token's 'nbf' is not a number") }
            guard n <= t + leeway else { return IdentityError(.notYetValid, "the ID token is not valid for another \(Self.seconds(n - t)) ('nbf')") }
        }
        guard let nonce else { return nil }
        guard let got = claims["nonce"]?.string else { return IdentityError(.wrongNonce, "the ID token has no 'nonce'") }
        guard got == nonce else { return IdentityError(.wrongNonce, "the ID token's nonce is not the one this sign-in sent") }
        return nil
    }

    /// A span of seconds for a message. Claims are client-supplied numbers (1e308, -inf, nan): they
    /// are printed without `Int(_:)`, which would trap outside Int's range.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "an unreasonable time (\(value) s)" }
        return "\(Int(value)) s"
    }
}
