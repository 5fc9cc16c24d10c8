import Crypto
import Foundation

/// The random values of one sign-in: `state` (ties the callback to this browser's request),
/// `nonce` (ties the ID token to it) and the PKCE verifier with its S256 challenge (RFC 7636).
public struct LoginSecrets: Sendable, Equatable {
    public var state: String
    public var nonce: String
    public var codeVerifier: String

    public init(state: String, nonce: String, codeVerifier: String) {
        self.state = state
        self.nonce = nonce
        self.codeVerifier = codeVerifier
    }

    /// Fresh values, 256 bits each.
    public static func random() -> LoginSecrets {
        LoginSecrets(state: randomToken(), nonce: randomToken(), codeVerifier: randomToken())
    }

    /// `BASE64URL(SHA256(code_verifier))`.
    public var codeChallenge: String { Self.challenge(for: codeVerifier) }

    public static func challenge(for verifier: String) -> String {
        base64URL(Array(SHA256.hash(data: Array(verifier.utf8))))
    }

    /// 32 random bytes, base64url without padding (43 characters).
    public static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return base64URL((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) })
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of a secret, hex: how refresh credentials are stored.
    public static func digest(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
