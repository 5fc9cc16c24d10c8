import ParleyDomain

/// The identity feature's durable state: the user directory (who signed in, as what) and sign-in
/// sessions with their refresh credentials. Separate from `Store` so that the rest of Parley never
/// sees it; `SQLiteStore` and `PostgresStore` implement both.
///
/// Refresh credentials are stored only as SHA-256 digests. A digest is used once: `rotate`
/// replaces it and keeps the old one as retired, so that presenting a retired one (a stolen copy
/// used after its owner refreshed, or the other way round) revokes the whole session.
public protocol IdentityStore: Sendable {
    /// Writes `entry` at sign-in (creating or updating it); an existing entry keeps its `active` flag.
    /// Returns the entry as stored.
    func recordSignIn(_ entry: DirectoryEntry) async throws -> DirectoryEntry
    func directoryEntry(_ user: UserRef) async throws -> DirectoryEntry?
    /// A tenant's users, by display name.
    func directory(tenant: String) async throws -> [DirectoryEntry]
    /// Sets a user's `active` flag; false when the directory has no such user.
    func setActive(_ user: UserRef, _ active: Bool) async throws -> Bool

    func createSession(_ session: SignInSession) async throws
    /// Trades the refresh credential whose digest is `presented` for `next`, as one transaction.
    func rotateRefresh(presented: String, next: String, now: Int64, expiresAt: Int64) async throws -> RefreshOutcome
    /// Revokes the session holding `digest` as its current refresh credential; returns whether one was.
    @discardableResult
    func revokeSession(refreshDigest digest: String, at time: Int64) async throws -> Bool
    /// Revokes every open session of `user`; returns how many.
    @discardableResult
    func revokeSessions(of user: UserRef, at time: Int64) async throws -> Int
}

/// A person in the user directory.
public struct DirectoryEntry: Sendable, Equatable {
    public var user: UserRef
    public var displayName: String
    public var language: Language
    public var locale: String?
    public var timeZone: String?
    /// The provider the person last signed in with.
    public var provider: String
    /// Whether the provider's claims made them an admin of their tenant at the last sign-in.
    public var isAdmin: Bool
    /// Milliseconds since 1970 of the last sign-in or refresh.
    public var lastSeen: Int64
    /// False once an admin deactivated them: no sign-in, refresh or token is accepted.
    public var active: Bool

    public init(user: UserRef, displayName: String, language: Language, locale: String?, timeZone: String?, provider: String,
                isAdmin: Bool, lastSeen: Int64, active: Bool = true) {
        self.user = user
        self.displayName = displayName
        self.language = language
        self.locale = locale
        self.timeZone = timeZone
        self.provider = provider
        self.isAdmin = isAdmin
        self.lastSeen = lastSeen
        self.active = active
    }
}

/// One sign-in of one browser: what its refresh credential renews.
public struct SignInSession: Sendable, Equatable {
    public var id: String
    public var user: UserRef
    /// SHA-256 (hex) of the current refresh credential.
    public var refreshDigest: String
    public var createdAt: Int64
    public var expiresAt: Int64

    public init(id: String, user: UserRef, refreshDigest: String, createdAt: Int64, expiresAt: Int64) {
        self.id = id
        self.user = user
        self.refreshDigest = refreshDigest
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What presenting a refresh credential did.
public enum RefreshOutcome: Sendable, Equatable {
    /// The credential was current: it is retired and `next` now renews `session`.
    case rotated(session: String, user: UserRef)
    /// The credential was already rotated: the session is revoked now.
    case reused(session: String, user: UserRef)
    /// The session was revoked or has expired.
    case ended
    /// No session ever held it.
    case unknown
}
