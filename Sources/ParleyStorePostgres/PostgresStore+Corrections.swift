import Foundation
import ParleyDomain
import ParleyStore
import PostgresNIO

/// Translation corrections: members' suggestions, each tenant's accepted memory (one entry per
/// source key) and the authors a tenant accepts at once. docs/translation.md, "Corrections".
extension PostgresStore {
    public func addSuggestion(_ s: TranslationSuggestion, memoryKey: String) async throws {
        try await transaction { db in
            do {
                try await db.run("""
                    INSERT INTO translation_suggestions(id, tenant, conversation, seq, source_lang, target_lang, source_text, suggested_text,
                                                        author, state, created_at, decided_at, decided_by)
                    VALUES (\(s.id), \(s.tenant), \(s.conversation), \(s.seq), \(s.source.code), \(s.target.code), \(s.sourceText),
                            \(s.suggestedText), \(s.author.description), \(s.state.rawValue), \(s.createdAt), \(s.decidedAt),
                            \(s.decidedBy?.description))
                    """, logger)
            } catch where PostgresFailure.sqlState(error) == PostgresFailure.uniqueViolation {
                throw StoreError(.conflict, "a suggestion with id \(s.id) already exists")
            }
            if s.state == .accepted { try await remember(s, key: memoryKey, on: db) }
        }
    }

    public func suggestion(_ id: String) async throws -> TranslationSuggestion? {
        try await pooled { db in
            try await db.first("SELECT \(unescaped: Self.suggestionColumns) FROM translation_suggestions WHERE id = \(id)",
                               as: SuggestionRow.self, logger).map(Self.suggestion)
        }
    }

    public func suggestions(tenant: String, state: TranslationSuggestion.State, limit: Int) async throws -> [TranslationSuggestion] {
        try await pooled { db in
            try await db.all("""
                SELECT \(unescaped: Self.suggestionColumns) FROM translation_suggestions
                WHERE tenant = \(tenant) AND state = \(state.rawValue) ORDER BY created_at, id COLLATE "C" LIMIT \(Int64(limit))
                """, as: SuggestionRow.self, logger).map(Self.suggestion)
        }
    }

    public func decideSuggestion(_ id: String, accept: Bool, by admin: UserRef, at time: Int64, memoryKey: String) async throws -> TranslationSuggestion {
        try await transaction { db in
            guard var s = try await db.first("""
                SELECT \(unescaped: Self.suggestionColumns) FROM translation_suggestions WHERE id = \(id) FOR UPDATE
                """, as: SuggestionRow.self, logger).map(Self.suggestion) else {
                throw StoreError(.notFound, "no suggestion \(id)")
            }
            guard s.state == .pending else { throw StoreError(.conflict, "suggestion \(id) was already \(s.state.rawValue)") }
            s.state = accept ? .accepted : .rejected
            s.decidedAt = time
            s.decidedBy = admin
            try await db.run("""
                UPDATE translation_suggestions SET state = \(s.state.rawValue), decided_at = \(time), decided_by = \(admin.description)
                WHERE id = \(id)
                """, logger)
            if accept { try await remember(s, key: memoryKey, on: db) }
            return s
        }
    }

    public func memoryEntries(acceptedSince since: Int64) async throws -> [TranslationMemoryEntry] {
        try await pooled { db in
            try await db.all("""
                SELECT tenant, source_lang, target_lang, source_text, corrected_text, author, accepted_at FROM translation_memory
                WHERE accepted_at >= \(since) ORDER BY accepted_at
                """, as: (String, String, String, String, String, String, Int64).self, logger).map {
                TranslationMemoryEntry(tenant: $0.0, source: Language($0.1), target: Language($0.2), sourceText: $0.3, correctedText: $0.4,
                                       author: $0.5, acceptedAt: Date(timeIntervalSince1970: Double($0.6) / 1000))
            }
        }
    }

    public func autoAcceptedAuthors(tenant: String) async throws -> [UserRef] {
        try await pooled { db in
            try await db.column("SELECT user_id FROM translation_auto_accept WHERE tenant = \(tenant) ORDER BY user_id COLLATE \"C\"",
                                as: String.self, logger).compactMap { UserRef(parsing: $0, defaultTenant: tenant) }
        }
    }

    public func setAutoAcceptedAuthors(_ users: [UserRef], tenant: String) async throws {
        let names = Array(Set(users.map(\.description)))
        try await transaction { db in
            try await db.run("DELETE FROM translation_auto_accept WHERE tenant = \(tenant)", logger)
            try await db.run("INSERT INTO translation_auto_accept(tenant, user_id) SELECT \(tenant), unnest(\(names)::text[])", logger)
        }
    }

    // MARK: Rows

    /// An accepted suggestion replaces the tenant's entry for the same source key.
    private func remember(_ s: TranslationSuggestion, key: String, on db: PostgresConnection) async throws {
        try await db.run("""
            INSERT INTO translation_memory(tenant, source_lang, target_lang, source_key, source_text, corrected_text, author, accepted_at, suggestion)
            VALUES (\(s.tenant), \(s.source.code), \(s.target.code), \(key), \(s.sourceText), \(s.suggestedText), \(s.author.description),
                    \(s.decidedAt ?? s.createdAt), \(s.id))
            ON CONFLICT (tenant, source_lang, target_lang, source_key) DO UPDATE SET
                source_text = excluded.source_text, corrected_text = excluded.corrected_text, author = excluded.author,
                accepted_at = excluded.accepted_at, suggestion = excluded.suggestion
            """, logger)
    }

    static let suggestionColumns = """
        id, tenant, conversation, seq, source_lang, target_lang, source_text, suggested_text, author, state, created_at, decided_at, decided_by
        """
    typealias SuggestionRow = (String, String, String, Int64, String, String, String, String, String, String, Int64, Int64?, String?)

    static func suggestion(_ r: SuggestionRow) -> TranslationSuggestion {
        TranslationSuggestion(id: r.0, tenant: r.1, conversation: r.2, seq: r.3, source: Language(r.4), target: Language(r.5),
                              sourceText: r.6, suggestedText: r.7,
                              author: UserRef(parsing: r.8, defaultTenant: "") ?? UserRef(id: "?", tenant: "?"),
                              state: TranslationSuggestion.State(rawValue: r.9) ?? .pending, createdAt: r.10, decidedAt: r.11,
                              decidedBy: r.12.flatMap { UserRef(parsing: $0, defaultTenant: "") })
    }
}
