import Crypto
import Foundation

/// Standard Webhooks signing: `v1,` + base64 of HMAC-SHA256 over `id.timestamp.body`, with the key
/// taken from a `whsec_` secret (base64 after the prefix). Several secrets give several
/// space-separated signatures, so a receiver may hold either during a rotation.
public enum WebhookSignature {
    public static let secretPrefix = "whsec_"

    /// A new secret: 32 random bytes (the specification asks for at least 24).
    public static func newSecret() -> String {
        secretPrefix + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
    }

    /// The `webhook-signature` header for one delivery.
    public static func header(id: String, timestamp: Int64, body: String, secrets: [String]) -> String {
        secrets.compactMap { sign(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }

    static func sign(id: String, timestamp: Int64, body: String, secret: String) -> String? {
        guard secret.hasPrefix(secretPrefix), let key = Data(base64Encoded: String(secret.dropFirst(secretPrefix.count))) else { return nil }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(body)".utf8), using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }
}
