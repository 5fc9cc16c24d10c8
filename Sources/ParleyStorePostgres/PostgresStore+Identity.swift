import Foundation
import ParleyDomain
import ParleyStore
import PostgresNIO

/// The user directory and sign-in sessions (`IdentityStore`), shared by every node.
extension PostgresStore: IdentityStore {
    private typealias EntryRow = (String, String, String, String, String?, String?, String, Bool, Int64, Bool)
    private static let entryColumns = "tenant, user_id, display_name, lang, locale, time_zone, provider, is_admin, last_seen, active"

    public func recordSignIn(_ e: DirectoryEntry) async throws -> DirectoryEntry {
        try await pooled { db in
            let row = try await db.first("""
                INSERT INTO directory_users(tenant, user_id, display_name, lang, locale, time_zone, provider, is_admin, last_seen, active)
                VALUES (\(e.user.tenant), \(e.user.id), \(e.displayName), \(e.language.code), \(e.locale), \(e.timeZone), \(e.provider),
                        \(e.isAdmin), \(e.lastSeen), \(e.active))
                ON CONFLICT(tenant, user_id) DO UPDATE SET display_name = excluded.display_name, lang = excluded.lang,
                    locale = excluded.locale, time_zone = excluded.time_zone, provider = excluded.provider,
                    is_admin = excluded.is_admin, last_seen = excluded.last_seen
                RETURNING \(unescaped: Self.entryColumns)
                """, as: EntryRow.self, logger)
            guard let row else { throw StoreError(.database, "recording the sign-in of \(e.user) returned no row") }
            return Self.entry(row)
        }
    }

    public func directoryEntry(_ user: UserRef) async throws -> DirectoryEntry? {
        try await pooled { db in
            try await db.first("SELECT \(unescaped: Self.entryColumns) FROM directory_users WHERE tenant = \(user.tenant) AND user_id = \(user.id)",
                               as: EntryRow.self, logger).map(Self.entry)
        }
    }

    public func directory(tenant: String) async throws -> [DirectoryEntry] {
        try await pooled { db in
            try await db.all("""
                SELECT \(unescaped: Self.entryColumns) FROM directory_users WHERE tenant = \(tenant)
                ORDER BY display_name COLLATE "C", user_id COLLATE "C"
                """, as: EntryRow.self, logger).map(Self.entry)
        }
    }

    public func setActive(_ user: UserRef, _ active: Bool) async throws -> Bool {
        let found = try await pooled { db in
            try await db.value("UPDATE directory_users SET active = \(active) WHERE tenant = \(user.tenant) AND user_id = \(user.id) RETURNING 1",
                               as: Int32.self, logger) != nil
        }
        // Other nodes close the user's sockets too.
        if found && !active { await notify(.users, [user.description]) }
        return found
    }

    public func createSession(_ s: SignInSession) async throws {
        try await pooled { db in
            try await db.run("""
                INSERT INTO auth_sessions(id, tenant, user_id, refresh_digest, created_at, expires_at)
                VALUES (\(s.id), \(s.user.tenant), \(s.user.id), \(s.refreshDigest), \(s.createdAt), \(s.expiresAt))
                """, logger)
        }
    }

    public func rotateRefresh(presented: String, next: String, now: Int64, expiresAt: Int64) async throws -> RefreshOutcome {
        try await transaction { db in
            if case let (id, tenant, user, expires, revoked)? = try await db.first("""
                SELECT id, tenant, user_id, expires_at, revoked_at FROM auth_sessions WHERE refresh_digest = \(presented) FOR UPDATE
                """, as: (String, String, String, Int64, Int64?).self, logger) {
                guard revoked == nil, expires > now else { return .ended }
                try await db.run("INSERT INTO auth_retired_refresh(digest, session) VALUES (\(presented), \(id))", logger)
                try await db.run("UPDATE auth_sessions SET refresh_digest = \(next), expires_at = \(expiresAt) WHERE id = \(id)", logger)
                return .rotated(session: id, user: UserRef(id: user, tenant: tenant))
            }
            if case let (id, tenant, user)? = try await db.first("""
                SELECT s.id, s.tenant, s.user_id FROM auth_retired_refresh r JOIN auth_sessions s ON s.id = r.session WHERE r.digest = \(presented)
                """, as: (String, String, String).self, logger) {
                try await db.run("UPDATE auth_sessions SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL", logger)
                return .reused(session: id, user: UserRef(id: user, tenant: tenant))
            }
            return .unknown
        }
    }

    public func revokeSession(refreshDigest digest: String, at time: Int64) async throws -> Bool {
        try await pooled { db in
            try await db.value("UPDATE auth_sessions SET revoked_at = \(time) WHERE refresh_digest = \(digest) AND revoked_at IS NULL RETURNING 1",
                               as: Int32.self, logger) != nil
        }
    }

    public func revokeSessions(of user: UserRef, at time: Int64) async throws -> Int {
        try await pooled { db in
            try await db.column("""
                UPDATE auth_sessions SET revoked_at = \(time) WHERE tenant = \(user.tenant) AND user_id = \(user.id) AND revoked_at IS NULL RETURNING 1
                """, as: Int32.self, logger).count
        }
    }

    private static func entry(_ r: EntryRow) -> DirectoryEntry {
        DirectoryEntry(user: UserRef(id: r.1, tenant: r.0), displayName: r.2, language: Language(r.3), locale: r.4, timeZone: r.5,
                       provider: r.6, isAdmin: r.7, lastSeen: r.8, active: r.9)
    }
}
