import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which addresses a webhook may call: public ones, and those the configuration allows. Checked on
/// every resolved address at every attempt, so a name that later resolves to 127.0.0.1 or the
/// cloud's metadata address (169.254.169.254) is refused then.
public struct AddressPolicy: Sendable {
    /// An address or a CIDR range.
    public struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        /// "10.0.0.0/8", "127.0.0.1", "fd00::/8"; nil when it is neither.
        public init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard let first = parts.first, let bytes = AddressPolicy.parse(first) else { return nil }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...bytes.count * 8).contains(prefix) else { return nil }
            self.bytes = bytes
            self.prefix = prefix
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = prefix
            for (a, b) in zip(address, bytes) where left > 0 {
                let bits = min(8, left)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if a & mask != b & mask { return false }
                left -= bits
            }
            return true
        }
    }

    /// Loopback, unspecified, private, shared (CGNAT), link-local, multicast and reserved ranges.
    static let refused: [(Range, String)] = [
        ("0.0.0.0/8", "unspecified"), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "shared address space"),
        ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"), ("172.16.0.0/12", "private"),
        ("192.168.0.0/16", "private"), ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved"),
        ("::/128", "unspecified"), ("::1/128", "loopback"), ("fc00::/7", "private"), ("fe80::/10", "link-local"),
        ("ff00::/8", "multicast"),
    ].map { (Range($0.0)!, $0.1) }

    public let allowed: [Range]

    /// - Throws: the first entry that is neither an address nor a CIDR range, by its text.
    public init(allowing entries: [String]) throws(WebhookError) {
        var allowed: [Range] = []
        for entry in entries.map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let range = Range(entry) else {
                throw WebhookError.badSetting("webhook_allow_hosts: '\(entry)' is not an IP address or CIDR range")
            }
            allowed.append(range)
        }
        self.allowed = allowed
    }

    /// Why `address` may not be called, or nil when it may.
    public func refusal(of address: String) -> String? {
        guard var bytes = Self.parse(address) else { return "'\(address)' is not an IP address" }
        if allowed.contains(where: { $0.contains(bytes) }) { return nil }
        // An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
        if bytes.count == 16, bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            bytes = Array(bytes.suffix(4))
            if allowed.contains(where: { $0.contains(bytes) }) { return nil }
        }
        guard let (_, kind) = Self.refused.first(where: { $0.0.contains(bytes) }) else { return nil }
        return "\(address) is a \(kind) address; allow it with webhook_allow_hosts"
    }

    /// The bytes of an IPv4 or IPv6 address in text form.
    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
