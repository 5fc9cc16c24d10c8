import Foundation

/// The identity feature's settings (README "Signing in"). With no provider the feature is off and
/// development sign-in links work as before; with one, they are disabled.
public struct IdentityConfiguration: Sendable, Equatable {
    public var providers: [IdentityProvider] = []
    /// The address browsers use, e.g. `https://chat.example.com`; the redirect URI is this plus
    /// `/auth/callback`, and WebSocket upgrades must come from this origin.
    public var publicURL: String?
    /// Seconds a Parley access token minted at sign-in or refresh is valid.
    public var accessTokenLifetime: TimeInterval = 600
    /// Seconds a session (its refresh credential) lives without being used.
    public var sessionLifetime: TimeInterval = 14 * 24 * 3600
    /// Seconds a browser has between `/auth/login` and `/auth/callback`.
    public var loginLifetime: TimeInterval = 600

    public init() {}

    public var isEnabled: Bool { !providers.isEmpty }

    /// `public_url` without a trailing slash.
    public var baseURL: String? {
        publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    public var redirectURI: String? { baseURL.map { $0 + "/auth/callback" } }

    /// The origin (`scheme://host[:port]`) browsers send in `Origin` from the public URL.
    public var origin: String? {
        guard let base = baseURL, let url = URLComponents(string: base), let scheme = url.scheme, let host = url.host else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    /// Whether cookies must be marked Secure (the public URL is https).
    public var secureCookies: Bool { baseURL?.hasPrefix("https://") ?? false }

    public func provider(named name: String) -> IdentityProvider? {
        providers.first { $0.name == name }
    }

    /// Problems to fix before parleyd starts, each naming the setting.
    public func problems() -> [String] {
        var out = providers.flatMap { $0.problems() }
        let names = providers.map(\.name)
        for name in Set(names) where names.filter({ $0 == name }).count > 1 {
            out.append("two identity providers are named '\(name)'")
        }
        if isEnabled {
            if let base = baseURL {
                if origin == nil { out.append("public_url must be an http(s) URL such as https://chat.example.com, not '\(base.prefix(60))'") }
            } else {
                out.append("identity_providers need public_url (the address browsers use; the redirect URI is public_url + /auth/callback)")
            }
        }
        return out
    }
}
