import Foundation

/// The cookies of the identity feature: reading a `Cookie` header and writing `Set-Cookie`.
public enum Cookies {
    /// The refresh credential: HttpOnly (no script reads it), SameSite=Strict (no other site's
    /// page sends it), only under `/auth` (only the refresh and sign-out routes see it).
    public static let refresh = "parley_refresh"
    /// Binds a sign-in to the browser that started it; Lax, because the provider's redirect back is
    /// a top-level navigation from another site.
    public static let login = "parley_login"
    /// The provider the session signed in with (percent-encoded), so sign-out can end the session
    /// there too; not a secret, kept like the refresh cookie.
    public static let provider = "parley_provider"

    /// The value of cookie `name` in a `Cookie` header.
    public static func value(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces) == name {
                let value = pair[1].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// A `Set-Cookie` value; `maxAge` 0 deletes the cookie.
    public static func set(_ name: String, _ value: String, path: String, maxAge: Int, sameSite: String, secure: Bool) -> (name: String, value: String) {
        ("Set-Cookie", "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=\(sameSite)" + (secure ? "; Secure" : ""))
    }
}
