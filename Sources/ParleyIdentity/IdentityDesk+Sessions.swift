import Foundation
import ParleyDomain
import ParleyHub
import ParleyStore

/// Renewing and ending sessions: the refresh cookie is traded for a short-lived access token and
/// a new cookie; a cookie presented twice ends the session (refresh-token theft defence).
extension IdentityDesk {
    /// `POST /auth/refresh` with the refresh cookie: `{"token", "expires_in", "user", "name"}`.
    func refresh(_ request: HTTPRequest) async -> HTTPResponse {
        if let refusal = foreignOrigin(request) { return refusal }
        guard let presented = Cookies.value(Cookies.refresh, in: request.cookie) else {
            return refuse(IdentityError(.sessionInvalid, "not signed in (no session cookie)"), status: 401, page: false)
        }
        let next = LoginSecrets.randomToken()
        let expires = nowMillis + Int64(configuration.sessionLifetime * 1000)
        let outcome: RefreshOutcome
        do {
            outcome = try await store.rotateRefresh(presented: LoginSecrets.digest(presented), next: LoginSecrets.digest(next),
                                                     now: nowMillis, expiresAt: expires)
        } catch {
            logger.error("session refresh failed", metadata: ["identity.problem": "\(error)"])
            return Self.json(503, APIErrorBody(error: "unavailable", message: "sessions cannot be read now; try again"))
        }
        switch outcome {
        case .unknown, .ended:
            metrics.refused(.sessionInvalid)
            return Self.json(401, APIErrorBody(error: IdentityError.Reason.sessionInvalid.rawValue, message: "the session ended"),
                             headers: [clearRefreshCookie])
        case .reused(let session, let user):
            metrics.refused(.sessionReused)
            logger.notice("refresh credential used twice: session revoked",
                          metadata: ["identity.user": "\(user)", "identity.session": "\(session.prefix(8))"])
            return Self.json(401, APIErrorBody(error: IdentityError.Reason.sessionReused.rawValue,
                                               message: "this session's credential was used twice, so the session was ended"),
                             headers: [clearRefreshCookie])
        case .rotated(let session, let user):
            guard let entry = try? await store.directoryEntry(user), entry.active, !deactivated.contains(user) else {
                _ = try? await store.revokeSessions(of: user, at: nowMillis)
                metrics.refused(.deactivated)
                return Self.json(401, APIErrorBody(error: IdentityError.Reason.deactivated.rawValue, message: "\(user) is deactivated"),
                                 headers: [clearRefreshCookie])
            }
            let identity = Identity(user: user, name: entry.displayName, language: entry.language, isAdmin: entry.isAdmin, isBot: false)
            guard let token = try? await mint(identity, configuration.accessTokenLifetime) else {
                return Self.json(500, APIErrorBody(error: "internal", message: "the access token could not be signed"))
            }
            metrics.refreshes.increment()
            logger.debug("session refreshed", metadata: ["identity.user": "\(user)", "identity.session": "\(session.prefix(8))"])
            return Self.json(200, AccessGrant(token: token, expiresIn: Int(configuration.accessTokenLifetime), user: user.description,
                                              name: entry.displayName), headers: [refreshCookie(next)])
        }
    }

    /// `POST /auth/logout`: ends the session on the server and deletes the cookie. Answers the
    /// provider's end-session address when it has one (the page may go there to sign out there too).
    func logout(_ request: HTTPRequest) async -> HTTPResponse {
        if let refusal = foreignOrigin(request) { return refusal }
        if let presented = Cookies.value(Cookies.refresh, in: request.cookie) {
            _ = try? await store.revokeSession(refreshDigest: LoginSecrets.digest(presented), at: nowMillis)
        }
        return Self.json(200, SignedOut(signedOut: true, providerLogout: await providerLogout(request)),
                         headers: [clearRefreshCookie, clearProviderCookie])
    }

    /// The provider's end-session address (OpenID Connect RP-Initiated Logout) for the provider this
    /// browser signed in with, coming back to Parley's front page; nil when it publishes none.
    func providerLogout(_ request: HTTPRequest) async -> String? {
        guard let name = Cookies.value(Cookies.provider, in: request.cookie)?.removingPercentEncoding, let link = links[name],
              let endpoint = try? await link.document().endSessionEndpoint, var url = URLComponents(string: endpoint) else { return nil }
        var items = url.queryItems ?? []
        items.append(URLQueryItem(name: "client_id", value: link.provider.clientID))
        if let base = configuration.baseURL { items.append(URLQueryItem(name: "post_logout_redirect_uri", value: base + "/")) }
        url.queryItems = items
        return url.string
    }

    /// A cookie-carrying POST from a page of another origin is refused (SameSite=Strict already
    /// keeps the cookie from it; this is the second lock).
    func foreignOrigin(_ request: HTTPRequest) -> HTTPResponse? {
        guard let origin = request.origin, let allowed = configuration.origin, origin != allowed else { return nil }
        return refuse(IdentityError(.forbidden, "requests from \(origin.prefix(80)) may not use Parley sessions"), status: 403, page: false)
    }
}

struct AccessGrant: Encodable {
    var token: String
    var expiresIn: Int
    var user: String
    var name: String
    enum CodingKeys: String, CodingKey { case token, expiresIn = "expires_in", user, name }
}

struct SignedOut: Encodable {
    var signedOut: Bool
    /// Where the page goes to sign out at the provider too (absent: nowhere).
    var providerLogout: String?
    enum CodingKeys: String, CodingKey { case signedOut = "signed_out", providerLogout = "provider_logout" }
}
