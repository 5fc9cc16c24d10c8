import Foundation
import GRDB
import ParleyDomain
import ParleyStore

/// The user directory and sign-in sessions (`IdentityStore`; the identity feature, README "Signing in").
extension SQLiteStore: IdentityStore {
    public func recordSignIn(_ e: DirectoryEntry) throws -> DirectoryEntry {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO directory_users(tenant, user_id, display_name, lang, locale, time_zone, provider, is_admin, last_seen, active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(tenant, user_id) DO UPDATE SET display_name = excluded.display_name, lang = excluded.lang,
                    locale = excluded.locale, time_zone = excluded.time_zone, provider = excluded.provider,
                    is_admin = excluded.is_admin, last_seen = excluded.last_seen
                """, arguments: [e.user.tenant, e.user.id, e.displayName, e.language.code, e.locale, e.timeZone, e.provider,
                                 e.isAdmin, e.lastSeen, e.active])
            return try Self.entry(db, e.user)!
        }
    }

    public func directoryEntry(_ user: UserRef) throws -> DirectoryEntry? {
        try pool.read { db in try Self.entry(db, user) }
    }

    public func directory(tenant: String) throws -> [DirectoryEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM directory_users WHERE tenant = ? ORDER BY display_name, user_id",
                             arguments: [tenant]).map(Self.entry)
        }
    }

    public func setActive(_ user: UserRef, _ active: Bool) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE directory_users SET active = ? WHERE tenant = ? AND user_id = ?",
                           arguments: [active, user.tenant, user.id])
            return db.changesCount > 0
        }
    }

    public func createSession(_ s: SignInSession) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO auth_sessions(id, tenant, user_id, refresh_digest, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [s.id, s.user.tenant, s.user.id, s.refreshDigest, s.createdAt, s.expiresAt])
        }
    }

    public func rotateRefresh(presented: String, next: String, now: Int64, expiresAt: Int64) throws -> RefreshOutcome {
        try pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT id, tenant, user_id, expires_at, revoked_at FROM auth_sessions WHERE refresh_digest = ?",
                                          arguments: [presented]) {
                let id: String = row["id"]
                let user = UserRef(id: row["user_id"], tenant: row["tenant"])
                guard (row["revoked_at"] as Int64?) == nil, (row["expires_at"] as Int64) > now else { return .ended }
                try db.execute(sql: "INSERT INTO auth_retired_refresh(digest, session) VALUES (?, ?)", arguments: [presented, id])
                try db.execute(sql: "UPDATE auth_sessions SET refresh_digest = ?, expires_at = ? WHERE id = ?", arguments: [next, expiresAt, id])
                return .rotated(session: id, user: user)
            }
            if let row = try Row.fetchOne(db, sql: """
                SELECT s.id, s.tenant, s.user_id FROM auth_retired_refresh r JOIN auth_sessions s ON s.id = r.session WHERE r.digest = ?
                """, arguments: [presented]) {
                let id: String = row["id"]
                try db.execute(sql: "UPDATE auth_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now, id])
                return .reused(session: id, user: UserRef(id: row["user_id"], tenant: row["tenant"]))
            }
            return .unknown
        }
    }

    public func revokeSession(refreshDigest digest: String, at time: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE auth_sessions SET revoked_at = ? WHERE refresh_digest = ? AND revoked_at IS NULL", arguments: [time, digest])
            return db.changesCount > 0
        }
    }

    public func revokeSessions(of user: UserRef, at time: Int64) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "UPDATE auth_sessions SET revoked_at = ? WHERE tenant = ? AND user_id = ? AND revoked_at IS NULL",
                           arguments: [time, user.tenant, user.id])
            return db.changesCount
        }
    }

    private static func entry(_ db: Database, _ user: UserRef) throws -> DirectoryEntry? {
        try Row.fetchOne(db, sql: "SELECT * FROM directory_users WHERE tenant = ? AND user_id = ?", arguments: [user.tenant, user.id]).map(entry)
    }

    private static func entry(_ row: Row) -> DirectoryEntry {
        DirectoryEntry(user: UserRef(id: row["user_id"], tenant: row["tenant"]), displayName: row["display_name"], language: Language(row["lang"]),
                       locale: row["locale"], timeZone: row["time_zone"], provider: row["provider"], isAdmin: row["is_admin"],
                       lastSeen: row["last_seen"], active: row["active"])
    }
}
