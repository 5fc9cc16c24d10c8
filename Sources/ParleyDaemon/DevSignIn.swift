import Foundation
import ParleyDomain
import ParleyHub

/// Development sign-in: only when parleyd signs with the secret it generated itself (no
/// `signing_secret_file`). It mints the development admin's link logged at start, and tokens for
/// other users from the admin page (`POST /api/v1/dev/tokens`). With a production secret the
/// daemon has no `DevSignIn`, so neither exists.
struct DevSignIn: Sendable {
    let tokens: TokenAuthority
    let admin: UserRef

    /// Lifetime of minted development tokens.
    static let lifetime: TimeInterval = 7 * 24 * 3600

    /// The development admin's sign-in link.
    func adminLink(baseURL: String) async throws -> String {
        let identity = Identity(user: admin, name: admin.id, language: Language("en"), isAdmin: true, isBot: false)
        return "\(baseURL)/#token=\(try await tokens.mint(identity, lifetime: Self.lifetime))"
    }

    /// `POST /api/v1/dev/tokens` from an admin: `{"user":..,"tenant":..,"lang":..,"name":..,"admin":false}`
    /// answers `201 {"token":..}`; the page builds the link from its own address.
    func mint(_ body: [UInt8], by caller: Identity) async throws -> [String: Any] {
        guard caller.isAdmin else { throw APIError(403, "forbidden", "minting sign-in links needs an admin token") }
        guard let o = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw APIError(400, "bad_json", "the body is not a JSON object")
        }
        guard let user = o["user"] as? String, !user.isEmpty, !user.contains("@") else {
            throw APIError(400, "bad_frame", "body needs 'user' (an id without @tenant; put the tenant in 'tenant')")
        }
        let tenant = (o["tenant"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? caller.user.tenant
        if let problem = UserRef.problem(with: user, field: "user") ?? UserRef.problem(with: tenant, field: "tenant") {
            throw APIError(400, "bad_frame", problem)
        }
        let lang = (o["lang"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "en"
        let name = (o["name"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? user
        let identity = Identity(user: UserRef(id: user, tenant: tenant), name: name, language: Language(lang),
                                isAdmin: (o["admin"] as? Bool) ?? false, isBot: false)
        return ["token": try await tokens.mint(identity, lifetime: Self.lifetime), "user": identity.user.description, "lang": lang]
    }
}
