import Foundation
import GRDB
import ParleyDomain
import ParleyStore

/// Translation corrections: members' suggestions, each tenant's accepted memory (one entry per
/// source key) and the authors a tenant accepts at once. docs/translation.md, "Corrections".
extension SQLiteStore {
    public func addSuggestion(_ s: TranslationSuggestion, memoryKey: String) throws {
        try pool.write { db in
            do {
                try db.execute(sql: """
                    INSERT INTO translation_suggestions(id, tenant, conversation, seq, source_lang, target_lang, source_text, suggested_text,
                                                        author, state, created_at, decided_at, decided_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [s.id, s.tenant, s.conversation, s.seq, s.source.code, s.target.code, s.sourceText, s.suggestedText,
                                     s.author.description, s.state.rawValue, s.createdAt, s.decidedAt, s.decidedBy?.description])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError(.conflict, "a suggestion with id \(s.id) already exists")
            }
            if s.state == .accepted { try Self.remember(s, key: memoryKey, in: db) }
        }
    }

    public func suggestion(_ id: String) throws -> TranslationSuggestion? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM translation_suggestions WHERE id = ?", arguments: [id]).map(Self.suggestion)
        }
    }

    public func suggestions(tenant: String, state: TranslationSuggestion.State, limit: Int) throws -> [TranslationSuggestion] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM translation_suggestions WHERE tenant = ? AND state = ? ORDER BY created_at, id LIMIT ?
                """, arguments: [tenant, state.rawValue, limit]).map(Self.suggestion)
        }
    }

    public func decideSuggestion(_ id: String, accept: Bool, by admin: UserRef, at time: Int64, memoryKey: String) throws -> TranslationSuggestion {
        try pool.write { db in
            guard var s = try Row.fetchOne(db, sql: "SELECT * FROM translation_suggestions WHERE id = ?", arguments: [id]).map(Self.suggestion) else {
                throw StoreError(.notFound, "no suggestion \(id)")
            }
            guard s.state == .pending else { throw StoreError(.conflict, "suggestion \(id) was already \(s.state.rawValue)") }
            s.state = accept ? .accepted : .rejected
            s.decidedAt = time
            s.decidedBy = admin
            try db.execute(sql: "UPDATE translation_suggestions SET state = ?, decided_at = ?, decided_by = ? WHERE id = ?",
                           arguments: [s.state.rawValue, time, admin.description, id])
            if accept { try Self.remember(s, key: memoryKey, in: db) }
            return s
        }
    }

    public func memoryEntries(acceptedSince since: Int64) throws -> [TranslationMemoryEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT tenant, source_lang, target_lang, source_text, corrected_text, author, accepted_at FROM translation_memory
                WHERE accepted_at >= ? ORDER BY accepted_at
                """, arguments: [since]).map { row in
                TranslationMemoryEntry(tenant: row["tenant"], source: Language(row["source_lang"] as String),
                                       target: Language(row["target_lang"] as String), sourceText: row["source_text"],
                                       correctedText: row["corrected_text"], author: row["author"],
                                       acceptedAt: Date(timeIntervalSince1970: Double(row["accepted_at"] as Int64) / 1000))
            }
        }
    }

    public func autoAcceptedAuthors(tenant: String) throws -> [UserRef] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT user FROM translation_auto_accept WHERE tenant = ? ORDER BY user", arguments: [tenant])
                .compactMap { UserRef(parsing: $0, defaultTenant: tenant) }
        }
    }

    public func setAutoAcceptedAuthors(_ users: [UserRef], tenant: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM translation_auto_accept WHERE tenant = ?", arguments: [tenant])
            for user in Set(users) {
                try db.execute(sql: "INSERT INTO translation_auto_accept(tenant, user) VALUES (?, ?)", arguments: [tenant, user.description])
            }
        }
    }

    // MARK: Rows

    /// An accepted suggestion replaces the tenant's entry for the same source key.
    static func remember(_ s: TranslationSuggestion, key: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO translation_memory(tenant, source_lang, target_lang, source_key, source_text, corrected_text, author, accepted_at, suggestion)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(tenant, source_lang, target_lang, source_key) DO UPDATE SET
                source_text = excluded.source_text, corrected_text = excluded.corrected_text, author = excluded.author,
                accepted_at = excluded.accepted_at, suggestion = excluded.suggestion
            """, arguments: [s.tenant, s.source.code, s.target.code, key, s.sourceText, s.suggestedText, s.author.description,
                             s.decidedAt ?? s.createdAt, s.id])
    }

    static func suggestion(_ row: Row) -> TranslationSuggestion {
        TranslationSuggestion(id: row["id"], tenant: row["tenant"], conversation: row["conversation"], seq: row["seq"],
                              source: Language(row["source_lang"] as String), target: Language(row["target_lang"] as String),
                              sourceText: row["source_text"], suggestedText: row["suggested_text"],
                              author: UserRef(parsing: row["author"], defaultTenant: "") ?? UserRef(id: "?", tenant: "?"),
                              state: TranslationSuggestion.State(rawValue: row["state"]) ?? .pending, createdAt: row["created_at"],
                              decidedAt: row["decided_at"], decidedBy: (row["decided_by"] as String?).flatMap { UserRef(parsing: $0, defaultTenant: "") })
    }
}
