import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyStore

/// Sign-in with identity providers: parleyd as an OpenID Connect relying party (authorization code
/// flow with PKCE, server side), sessions renewed by a rotating refresh cookie, and the user
/// directory (README "Signing in").
///
/// Routes: `GET /auth/providers`, `GET /auth/login?provider=NAME`, `GET /auth/callback`,
/// `POST /auth/refresh`, `POST /auth/logout`; `GET /api/v1/users` and
/// `POST /api/v1/users/{id}/deactivate` through `directory(_:route:as:)`.
public final class IdentityDesk: Sendable {
    /// Mints a Parley access token for an identity, valid for the given seconds.
    public typealias Minter = @Sendable (Identity, TimeInterval) async throws -> String
    /// Closes a user's open sockets on this node with 4001 and the reason.
    public typealias Disconnector = @Sendable (UserRef, String) -> Void

    public let configuration: IdentityConfiguration
    let links: [String: ProviderLink]
    let pending: PendingLogins
    let store: any IdentityStore
    let mint: Minter
    let disconnect: Disconnector
    let clock: @Sendable () -> Date
    let logger: Logger
    let metrics = IdentityMetrics()
    let deactivated = DeactivationList()

    public init(configuration: IdentityConfiguration, store: any IdentityStore, transport: any ProviderTransport = ProviderHTTP(),
                mint: @escaping Minter, disconnect: @escaping Disconnector,
                clock: @escaping @Sendable () -> Date = Date.init, logger: Logger) {
        self.configuration = configuration
        var links: [String: ProviderLink] = [:]
        for p in configuration.providers {
            links[p.name] = ProviderLink(provider: p, transport: transport, clock: clock, logger: logger)
        }
        self.links = links
        self.pending = PendingLogins(lifetime: configuration.loginLifetime)
        self.store = store
        self.mint = mint
        self.disconnect = disconnect
        self.clock = clock
        self.logger = logger
    }

    /// Answers a request under `/auth/`, or nil when the path is not one of them.
    public func handle(_ request: HTTPRequest, path: [String]) async -> HTTPResponse? {
        guard path.first == "auth", path.count == 2 else { return nil }
        switch (request.method, path[1]) {
        case ("GET", "providers"): return providers()
        case ("GET", "login"): return await login(request)
        case ("GET", "callback"): return await callback(request)
        case ("POST", "refresh"): return await refresh(request)
        case ("POST", "logout"): return await logout(request)
        default: return nil
        }
    }

    /// `GET /auth/providers`: what the sign-in page offers.
    func providers() -> HTTPResponse {
        let list = configuration.providers.map { p in
            ProviderEntry(name: p.name, login: "/auth/login?provider=" + FormEncoding.escape(p.name))
        }
        return Self.json(200, ProviderList(providers: list, development: false))
    }

    /// Nil when `identity` may act; else why not (a deactivated user's tokens stop working at once).
    public func refusal(of identity: Identity) async -> String? {
        if deactivated.contains(identity.user) { return "user \(identity.user) is deactivated" }
        guard !identity.isBot, let entry = try? await store.directoryEntry(identity.user) else { return nil }
        if !entry.active {
            deactivated.insert(identity.user)
            return "user \(identity.user) is deactivated"
        }
        return nil
    }

    func refuse(_ error: IdentityError, status: Int, page: Bool) -> HTTPResponse {
        metrics.refused(error.reason)
        logger.notice("sign-in refused", metadata: ["identity.reason": "\(error.reason.rawValue)", "identity.problem": "\(error.message)"])
        return page ? ErrorPage.response(status, error) : Self.json(status, APIErrorBody(error: error.reason.rawValue, message: error.message))
    }

    var now: Date { clock() }
    var nowMillis: Int64 { Int64(clock().timeIntervalSince1970 * 1000) }

    static func json(_ status: Int, _ body: some Encodable, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return HTTPResponse(status: status, headers: headers + [("Cache-Control", "no-store")], body: Array(data))
    }
}

struct ProviderEntry: Encodable { var name: String; var login: String }
struct ProviderList: Encodable { var providers: [ProviderEntry]; var development: Bool }
struct APIErrorBody: Encodable { var error: String; var message: String }
