import Foundation
import ParleyDomain
import ParleyHub
import ParleyStore

/// The user directory for a tenant's admins: `GET /api/v1/users`, and
/// `POST /api/v1/users/{id}/deactivate` (sessions revoked, sockets closed with 4001 "deactivated",
/// tokens refused from then on) or `/activate`.
extension IdentityDesk {
    /// Answers `route` (the path after `/api/v1/`) for an authenticated caller, or nil when it is not a directory route.
    public func directory(_ request: HTTPRequest, route: [String], as caller: Identity) async -> HTTPResponse? {
        if route == ["people"] && request.method == "GET" { return await people(for: caller) }
        guard route.first == "users" else { return nil }
        guard caller.isAdmin else {
            return refuse(IdentityError(.forbidden, "the user directory is for admins of \(caller.user.tenant)"), status: 403, page: false)
        }
        do {
            switch (request.method, route.count, route.count == 3 ? route[2] : "") {
            case ("GET", 1, _):
                let users = try await store.directory(tenant: caller.user.tenant).map(UserBody.init)
                return Self.json(200, UserList(tenant: caller.user.tenant, users: users))
            case ("POST", 3, "deactivate"), ("POST", 3, "activate"):
                let raw = route[1].removingPercentEncoding ?? route[1]
                guard let user = UserRef(parsing: raw, defaultTenant: caller.user.tenant), IdentifierRules.isAcceptable(user.id) else {
                    return Self.json(400, APIErrorBody(error: "bad_frame", message: "the user must be an id or id@\(caller.user.tenant)"))
                }
                guard user.tenant == caller.user.tenant else {
                    return refuse(IdentityError(.forbidden, "\(user) is not in your tenant \(caller.user.tenant)"), status: 403, page: false)
                }
                return route[2] == "deactivate" ? try await deactivate(user, by: caller) : try await activate(user)
            default:
                return nil
            }
        } catch {
            logger.error("user directory failed", metadata: ["identity.problem": "\(error)"])
            return Self.json(503, APIErrorBody(error: "unavailable", message: "the user directory cannot be read now; try again"))
        }
    }

    /// `GET /api/v1/people`, for anyone of the tenant: its active people by name (the web client's
    /// "New direct message" picks from them).
    private func people(for caller: Identity) async -> HTTPResponse {
        do {
            let people = try await store.directory(tenant: caller.user.tenant).filter(\.active).map { Person(id: $0.user.id, name: $0.displayName) }
            return Self.json(200, PeopleList(tenant: caller.user.tenant, people: people))
        } catch {
            logger.error("user directory failed", metadata: ["identity.problem": "\(error)"])
            return Self.json(503, APIErrorBody(error: "unavailable", message: "the user directory cannot be read now; try again"))
        }
    }

    /// Display names from the directory for those of `users` who signed in with a provider (member
    /// lists name people as their provider does). One read per user: member lists are short.
    public func names(of users: [UserRef]) async -> [UserRef: String] {
        var names: [UserRef: String] = [:]
        for user in users.prefix(5_000) {
            if let entry = try? await store.directoryEntry(user) { names[user] = entry.displayName }
        }
        return names
    }

    private func deactivate(_ user: UserRef, by admin: Identity) async throws -> HTTPResponse {
        guard try await store.setActive(user, false) else {
            return Self.json(404, APIErrorBody(error: "not_found", message: "\(user) has never signed in"))
        }
        deactivated.insert(user)
        let revoked = try await store.revokeSessions(of: user, at: nowMillis)
        disconnect(user, "deactivated")
        metrics.deactivations.increment()
        logger.notice("user deactivated", metadata: ["identity.user": "\(user)", "identity.admin": "\(admin.user)", "identity.sessions": "\(revoked)"])
        return Self.json(200, Deactivation(user: user.description, active: false, sessionsRevoked: revoked))
    }

    private func activate(_ user: UserRef) async throws -> HTTPResponse {
        guard try await store.setActive(user, true) else {
            return Self.json(404, APIErrorBody(error: "not_found", message: "\(user) has never signed in"))
        }
        deactivated.remove(user)
        return Self.json(200, Deactivation(user: user.description, active: true, sessionsRevoked: 0))
    }
}

struct UserBody: Encodable {
    var id: String
    var tenant: String
    var name: String
    var lang: String
    var locale: String?
    var timeZone: String?
    var provider: String
    var admin: Bool
    var lastSeen: Int64
    var active: Bool

    init(_ e: DirectoryEntry) {
        id = e.user.id
        tenant = e.user.tenant
        name = e.displayName
        lang = e.language.code
        locale = e.locale
        timeZone = e.timeZone
        provider = e.provider
        admin = e.isAdmin
        lastSeen = e.lastSeen
        active = e.active
    }

    enum CodingKeys: String, CodingKey {
        case id, tenant, name, lang, locale, timeZone = "time_zone", provider, admin, lastSeen = "last_seen", active
    }
}

struct UserList: Encodable { var tenant: String; var users: [UserBody] }
struct Person: Encodable { var id: String; var name: String }
struct PeopleList: Encodable { var tenant: String; var people: [Person] }

struct Deactivation: Encodable {
    var user: String
    var active: Bool
    var sessionsRevoked: Int
    enum CodingKeys: String, CodingKey { case user, active, sessionsRevoked = "sessions_revoked" }
}
