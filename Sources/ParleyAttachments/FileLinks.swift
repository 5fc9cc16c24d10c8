import Crypto
import Foundation

/// Short-lived signed download links, for `<img src>` and plain `<a href>`: a URL holds the file
/// id, the user it was made for and an expiry, under an HMAC-SHA256 keyed from the daemon's signing
/// secret (so any node of a cluster checks any node's links). No long-lived credential is in the
/// URL; the access rules are still checked at every download, for the user the link names.
struct FileLinks: Sendable {
    private let key: SymmetricKey

    init(secret: String) {
        key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array("parley file links v1".utf8),
                                                                 using: SymmetricKey(data: Array(secret.utf8))))
    }

    func signature(file: String, user: String, expires: Int64) -> String {
        let message = Array("\(file)\n\(user)\n\(expires)".utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key)).base64URL
    }

    /// The query a link carries: `u` (user), `e` (expiry, seconds since 1970), `s` (signature).
    func query(file: String, user: String, expires: Int64) -> String {
        let u = user.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? user
        return "u=\(u)&e=\(expires)&s=\(signature(file: file, user: user, expires: expires))"
    }

    /// The user a link was made for, if it is genuine and not expired at `now` (seconds).
    func check(file: String, query: [String: String], now: Int64) -> Result<String, AttachmentError> {
        guard let user = query["u"], let expiresText = query["e"], let expires = Int64(expiresText), let given = query["s"] else {
            return .failure(AttachmentError(status: 401, code: .unauthorized,
                                            message: "missing 'Authorization: Bearer TOKEN' header (or a signed link's u, e and s)"))
        }
        let expected = signature(file: file, user: user, expires: expires)
        // Constant time: a guess learns nothing from how long the comparison took.
        guard expected.utf8.count == given.utf8.count, zip(expected.utf8, given.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return .failure(.forbidden("this file link is not genuine; ask for a new one"))
        }
        guard expires > now else { return .failure(.forbidden("this file link expired; ask for a new one")) }
        return .success(user)
    }

    /// `a=1&b=x%20y` as a dictionary, each value percent-decoded.
    static func parse(_ query: String?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = kv.count > 1 ? String(kv[1]) : ""
            out[String(kv[0])] = value.removingPercentEncoding ?? value
        }
        return out
    }
}

extension Data {
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
