import Foundation
import ParleyDomain
import ParleyHub
import ParleyStore

/// The authorization code flow: `/auth/login` sends the browser to the provider, `/auth/callback`
/// takes it back, checks everything and starts a session.
extension IdentityDesk {
    /// `GET /auth/login?provider=NAME`: a redirect to the provider's authorization endpoint with
    /// `state`, `nonce` and a PKCE challenge, remembered here for `loginLifetime` seconds.
    func login(_ request: HTTPRequest) async -> HTTPResponse {
        let query = FormEncoding.decode(request.query ?? "")
        guard let name = query["provider"], let link = links[name] else {
            return refuse(IdentityError(.unknownProvider, "no identity provider named '\((query["provider"] ?? "").prefix(60))' is configured"),
                          status: 404, page: true)
        }
        let document: DiscoveryDocument
        do { document = try await link.document() } catch {
            return refuse(error, status: 502, page: true)
        }
        let secrets = LoginSecrets.random()
        let browser = LoginSecrets.randomToken()
        pending.add(state: secrets.state, PendingLogins.Login(provider: name, nonce: secrets.nonce, codeVerifier: secrets.codeVerifier,
                                                              browserDigest: LoginSecrets.digest(browser), started: now))
        let provider = link.provider
        let parameters = [
            ("response_type", "code"), ("client_id", provider.clientID), ("redirect_uri", configuration.redirectURI ?? ""),
            ("scope", "openid profile email"), ("state", secrets.state), ("nonce", secrets.nonce),
            ("code_challenge", secrets.codeChallenge), ("code_challenge_method", "S256"),
        ]
        let separator = document.authorizationEndpoint.contains("?") ? "&" : "?"
        let location = document.authorizationEndpoint + separator + FormEncoding.encode(parameters)
        return HTTPResponse(status: 302, contentType: "text/plain; charset=utf-8", headers: [
            ("Location", location), ("Cache-Control", "no-store"),
            Cookies.set(Cookies.login, browser, path: "/auth/callback", maxAge: Int(configuration.loginLifetime), sameSite: "Lax",
                        secure: configuration.secureCookies),
        ], body: Array("Continue at \(provider.name)\n".utf8))
    }

    /// `GET /auth/callback?code=..&state=..`: the provider's answer.
    func callback(_ request: HTTPRequest) async -> HTTPResponse {
        let query = FormEncoding.decode(request.query ?? "")
        let clearLogin = Cookies.set(Cookies.login, "", path: "/auth/callback", maxAge: 0, sameSite: "Lax", secure: configuration.secureCookies)
        guard let state = query["state"], let login = pending.take(state: state, now: now) else {
            return refuse(IdentityError(.wrongState, "the sign-in's 'state' is unknown, used already or expired; start again from the sign-in page"),
                          status: 400, page: true)
        }
        guard let browser = Cookies.value(Cookies.login, in: request.cookie), LoginSecrets.digest(browser) == login.browserDigest else {
            return refuse(IdentityError(.wrongState, "this sign-in was started in another browser; start again from the sign-in page"),
                          status: 400, page: true)
        }
        if let error = query["error"] {
            let detail = query["error_description"].map { ": \($0.prefix(200))" } ?? ""
            return refuse(IdentityError(.providerError, "\(login.provider) answered '\(error.prefix(60))'\(detail)"), status: 403, page: true)
        }
        guard let code = query["code"], !code.isEmpty, let link = links[login.provider] else {
            return refuse(IdentityError(.codeRejected, "the provider's answer has no authorization code"), status: 400, page: true)
        }
        let person: SignedInPerson
        do {
            let idToken = try await link.exchange(code: code, verifier: login.codeVerifier, redirectURI: configuration.redirectURI ?? "")
            let claims = try await link.verify(idToken: idToken, nonce: login.nonce)
            person = try ClaimMapping.person(from: claims, provider: link.provider).get()
        } catch {
            return refuse(error, status: error.reason == .providerDown ? 502 : 403, page: true)
        }
        do {
            let entry = try await store.recordSignIn(DirectoryEntry(
                user: person.user, displayName: person.displayName, language: person.language, locale: person.locale,
                timeZone: person.timeZone, provider: person.provider, isAdmin: person.isAdmin, lastSeen: nowMillis))
            guard entry.active else {
                return refuse(IdentityError(.deactivated, "\(person.user) is deactivated; ask an administrator of \(person.user.tenant)"),
                              status: 403, page: true)
            }
            let refresh = try await startSession(for: person.user)
            metrics.signIns.increment()
            logger.info("signed in", metadata: ["identity.user": "\(person.user)", "identity.provider": "\(person.provider)"])
            return HTTPResponse(status: 303, contentType: "text/plain; charset=utf-8", headers: [
                ("Location", "/"), ("Cache-Control", "no-store"), clearLogin, refreshCookie(refresh), providerCookie(person.provider),
            ], body: Array("Signed in\n".utf8))
        } catch {
            logger.error("sign-in could not be stored", metadata: ["identity.user": "\(person.user)", "identity.problem": "\(error)"])
            return ErrorPage.response(503, IdentityError(.providerDown, "Parley could not record the sign-in (its database did not answer); try again"))
        }
    }

    /// A new session for `user`; returns its refresh credential (only its digest is stored).
    func startSession(for user: UserRef) async throws -> String {
        let secret = LoginSecrets.randomToken()
        let created = nowMillis
        try await store.createSession(SignInSession(id: LoginSecrets.randomToken(), user: user, refreshDigest: LoginSecrets.digest(secret),
                                                    createdAt: created, expiresAt: created + Int64(configuration.sessionLifetime * 1000)))
        return secret
    }

    func refreshCookie(_ secret: String) -> (name: String, value: String) {
        Cookies.set(Cookies.refresh, secret, path: "/auth", maxAge: Int(configuration.sessionLifetime), sameSite: "Strict",
                    secure: configuration.secureCookies)
    }

    func providerCookie(_ name: String) -> (name: String, value: String) {
        Cookies.set(Cookies.provider, name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "", path: "/auth",
                    maxAge: Int(configuration.sessionLifetime), sameSite: "Strict", secure: configuration.secureCookies)
    }

    var clearProviderCookie: (name: String, value: String) {
        Cookies.set(Cookies.provider, "", path: "/auth", maxAge: 0, sameSite: "Strict", secure: configuration.secureCookies)
    }

    var clearRefreshCookie: (name: String, value: String) {
        Cookies.set(Cookies.refresh, "", path: "/auth", maxAge: 0, sameSite: "Strict", secure: configuration.secureCookies)
    }
}
