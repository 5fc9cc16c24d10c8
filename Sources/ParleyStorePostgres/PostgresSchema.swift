import Logging
import ParleyStore
import PostgresNIO

/// The PostgreSQL store's tables, migration by migration, under the names `SchemaHistory` gives both
/// stores. One migration per schema change; never edit a registered migration.
///
/// The tables are SQLite's (`ParleyStoreSQLite/Schema.swift`) in PostgreSQL's types, except that a
/// column SQLite calls `user` is `user_id` here: `user` is a keyword in PostgreSQL, and an unquoted
/// `user` silently means the session's role name. Lists ordered by an id say `COLLATE "C"`: byte
/// order, as SQLite's, whatever locale the database was created with.
enum PostgresSchema {
    struct Migration: Sendable {
        var name: String
        /// One statement each (the extended protocol takes one at a time).
        var statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(name: "v1", statements: [
            """
            CREATE TABLE conversations(
                id text PRIMARY KEY,
                kind text NOT NULL,
                tenant text NOT NULL,
                title text NOT NULL,
                last_seq bigint NOT NULL DEFAULT 0,
                created_at bigint NOT NULL)
            """,
            """
            CREATE TABLE members(
                conversation text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                user_id text NOT NULL,
                PRIMARY KEY(conversation, user_id))
            """,
            "CREATE INDEX members_by_user ON members(user_id)",
            """
            CREATE TABLE shares(
                conversation text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                tenant text NOT NULL,
                PRIMARY KEY(conversation, tenant))
            """,
            """
            CREATE TABLE messages(
                conversation text NOT NULL,
                seq bigint NOT NULL,
                topic text,
                sender text NOT NULL,
                sender_name text NOT NULL,
                client_id text NOT NULL,
                text text NOT NULL,
                lang text NOT NULL,
                kind text NOT NULL,
                at bigint NOT NULL,
                payload text,
                PRIMARY KEY(conversation, seq))
            """,
            "CREATE UNIQUE INDEX messages_idempotency ON messages(sender, client_id)",
            "CREATE INDEX messages_by_topic ON messages(conversation, topic, seq)",
            """
            CREATE TABLE read_marks(
                user_id text NOT NULL,
                conversation text NOT NULL,
                seq bigint NOT NULL,
                PRIMARY KEY(user_id, conversation))
            """,
            """
            CREATE TABLE users(
                user_id text PRIMARY KEY,
                lang text,
                translate boolean NOT NULL DEFAULT true,
                explicit boolean NOT NULL DEFAULT false)
            """,
            """
            CREATE TABLE documents(
                kind text NOT NULL,
                id text NOT NULL,
                body text NOT NULL,
                updated_at bigint NOT NULL,
                PRIMARY KEY(kind, id))
            """,
        ]),
        Migration(name: "v2: topic index only for topic groups", statements: [
            // Every topic query names a topic, so messages outside topic groups need no entry.
            "DROP INDEX messages_by_topic",
            "CREATE INDEX messages_by_topic ON messages(conversation, topic, seq) WHERE topic IS NOT NULL",
        ]),
        Migration(name: "v3: meetings are stored from their start", statements: [
            // SQLite's v3 also converts the minutes documents of older versions; no PostgreSQL
            // database predates this store, so there is nothing to convert here.
            """
            CREATE TABLE meetings(
                id text PRIMARY KEY,
                host text NOT NULL,
                attendees text NOT NULL,
                title text NOT NULL,
                lang text NOT NULL,
                date text,
                conversation text,
                state text NOT NULL,
                started_at bigint NOT NULL,
                last_activity bigint NOT NULL,
                ended_at bigint,
                utterance_count bigint NOT NULL DEFAULT 0,
                minutes_version bigint NOT NULL DEFAULT 0,
                posted_version bigint NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX meetings_unfinished ON meetings(state) WHERE state <> 'concluded' OR posted_version < minutes_version",
            """
            CREATE TABLE meeting_utterances(
                meeting text NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
                n bigint NOT NULL,
                client_id text,
                speaker text NOT NULL,
                text text NOT NULL,
                start double precision,
                "end" double precision,
                at bigint NOT NULL,
                PRIMARY KEY(meeting, n))
            """,
            """
            CREATE UNIQUE INDEX meeting_utterances_idempotency ON meeting_utterances(meeting, client_id) WHERE client_id IS NOT NULL
            """,
            """
            CREATE TABLE meeting_minutes(
                meeting text NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
                version bigint NOT NULL,
                body text NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY(meeting, version))
            """,
            """
            CREATE TABLE minutes_inbox(
                user_id text NOT NULL,
                meeting text NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
                version bigint NOT NULL,
                PRIMARY KEY(user_id, meeting))
            """,
        ]),
        Migration(name: "v4: full-text search", statements: [
            // `SearchText` index forms as tsvectors ('simple': no stemming, no stop words; the forms
            // are already folded). `id` is a message's index position: newest first is id order.
            """
            CREATE TABLE message_search(
                id bigserial PRIMARY KEY,
                conversation text NOT NULL,
                seq bigint NOT NULL,
                terms tsvector NOT NULL)
            """,
            "CREATE INDEX message_search_terms ON message_search USING gin(terms)",
            """
            CREATE TABLE minutes_search(
                meeting text PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
                version bigint NOT NULL,
                terms tsvector NOT NULL)
            """,
            "CREATE INDEX minutes_search_terms ON minutes_search USING gin(terms)",
        ]),
        Migration(name: "v5: directory versions for cluster nodes", statements: [
            // Bumped by every change of members or shares (`Store.marks`).
            "ALTER TABLE conversations ADD COLUMN directory_version bigint NOT NULL DEFAULT 0",
        ]),
        Migration(name: "v6: translation suggestions and memory", statements: [
            // As SQLite's v6: suggestions, the accepted memory keyed by the caller's source key, and
            // the authors a tenant accepts without an admin.
            """
            CREATE TABLE translation_suggestions(
                id text PRIMARY KEY,
                tenant text NOT NULL,
                conversation text NOT NULL,
                seq bigint NOT NULL,
                source_lang text NOT NULL,
                target_lang text NOT NULL,
                source_text text NOT NULL,
                suggested_text text NOT NULL,
                author text NOT NULL,
                state text NOT NULL,
                created_at bigint NOT NULL,
                decided_at bigint,
                decided_by text)
            """,
            "CREATE INDEX translation_suggestions_by_state ON translation_suggestions(tenant, state, created_at)",
            """
            CREATE TABLE translation_memory(
                tenant text NOT NULL,
                source_lang text NOT NULL,
                target_lang text NOT NULL,
                source_key text NOT NULL,
                source_text text NOT NULL,
                corrected_text text NOT NULL,
                author text NOT NULL,
                accepted_at bigint NOT NULL,
                suggestion text,
                PRIMARY KEY(tenant, source_lang, target_lang, source_key))
            """,
            // Cluster nodes read what was accepted since they last looked.
            "CREATE INDEX translation_memory_by_time ON translation_memory(accepted_at)",
            """
            CREATE TABLE translation_auto_accept(
                tenant text NOT NULL,
                user_id text NOT NULL,
                PRIMARY KEY(tenant, user_id))
            """,
        ]),
        Migration(name: "v7: message positions for a search index kept apart", statements: [
            // SQLite's index moved out of the message's transaction into a file of its own; here
            // `message_search` stays in the message's transaction (a GIN insert is cheap beside a
            // round trip), so there is nothing to change.
        ]),
        Migration(name: "v8: follow-ups", statements: [
            """
            CREATE TABLE followups(
                id text PRIMARY KEY, tenant text NOT NULL, owner text NOT NULL, requester text NOT NULL,
                meeting text, conversation text, status text NOT NULL, due text,
                updated_at bigint NOT NULL, body text NOT NULL)
            """,
            "CREATE INDEX followups_to_remind ON followups(due) WHERE status IN ('proposed', 'open') AND due IS NOT NULL",
            "CREATE TABLE followup_reminders(key text PRIMARY KEY, sent_at bigint NOT NULL)",
            "CREATE INDEX followups_owner ON followups(tenant, owner)",
            "CREATE INDEX followups_requester ON followups(tenant, requester)",
            "CREATE INDEX followups_meeting ON followups(meeting) WHERE meeting IS NOT NULL",
            "CREATE INDEX followups_conversation ON followups(conversation) WHERE conversation IS NOT NULL",
        ]),
        Migration(name: "v9: user directory and sign-in sessions", statements: [
            """
            CREATE TABLE directory_users(
                tenant text NOT NULL,
                user_id text NOT NULL,
                display_name text NOT NULL,
                lang text NOT NULL,
                locale text,
                time_zone text,
                provider text NOT NULL,
                is_admin boolean NOT NULL,
                last_seen bigint NOT NULL,
                active boolean NOT NULL DEFAULT true,
                PRIMARY KEY(tenant, user_id))
            """,
            """
            CREATE TABLE auth_sessions(
                id text PRIMARY KEY,
                tenant text NOT NULL,
                user_id text NOT NULL,
                refresh_digest text NOT NULL UNIQUE,
                created_at bigint NOT NULL,
                expires_at bigint NOT NULL,
                revoked_at bigint)
            """,
            "CREATE INDEX auth_sessions_by_user ON auth_sessions(tenant, user_id)",
            """
            CREATE TABLE auth_retired_refresh(
                digest text PRIMARY KEY,
                session text NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE)
            """,
        ]),
        Migration(name: "v10: webhooks", statements: [
            "CREATE TABLE webhooks(id text PRIMARY KEY, tenant text NOT NULL, enabled boolean NOT NULL, body text NOT NULL)",
            "CREATE INDEX webhooks_tenant ON webhooks(tenant)",
            """
            CREATE TABLE webhook_deliveries(
                id text PRIMARY KEY, endpoint text NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                tenant text NOT NULL, event_id text NOT NULL, event_type text NOT NULL, body text NOT NULL,
                created_at bigint NOT NULL, status text NOT NULL, attempts integer NOT NULL,
                next_attempt_at bigint NOT NULL, lease_until bigint NOT NULL DEFAULT 0,
                last_response integer, last_error text, last_attempt_at bigint,
                UNIQUE(endpoint, event_id))
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending'",
            "CREATE INDEX webhook_deliveries_log ON webhook_deliveries(endpoint, created_at)",
        ]),
        Migration(name: "v11: message edits, deletions, reactions", statements: [
            // Edits, deletions and reactions are events in the conversation's sequence naming their
            // `target` (a reply names the message it answers there too); the target row carries its
            // current state, earlier texts are kept in `message_versions` until a deletion erases them.
            """
            ALTER TABLE messages ADD COLUMN target bigint, ADD COLUMN edited_at bigint, ADD COLUMN deleted_at bigint
            """,
            "CREATE INDEX messages_by_target ON messages(conversation, target) WHERE target IS NOT NULL",
            """
            CREATE TABLE message_versions(
                conversation text NOT NULL,
                seq bigint NOT NULL,
                version bigint NOT NULL,
                text text NOT NULL,
                lang text NOT NULL,
                replaced_at bigint NOT NULL,
                PRIMARY KEY(conversation, seq, version))
            """,
            """
            CREATE TABLE message_reactions(
                conversation text NOT NULL,
                seq bigint NOT NULL,
                emoji text NOT NULL,
                user_id text NOT NULL,
                at bigint NOT NULL,
                PRIMARY KEY(conversation, seq, emoji, user_id))
            """,
        ]),
        Migration(name: "v12: attachments", statements: [
            """
            CREATE TABLE files(
                id text PRIMARY KEY,
                conversation text NOT NULL,
                tenant text NOT NULL,
                uploader text NOT NULL,
                name text NOT NULL,
                size bigint NOT NULL,
                type text NOT NULL,
                sha256 text NOT NULL,
                created_at bigint NOT NULL,
                message_seq bigint)
            """,
            "CREATE INDEX files_by_message ON files(conversation, message_seq) WHERE message_seq IS NOT NULL",
            "CREATE INDEX files_unattached ON files(created_at) WHERE message_seq IS NULL",
            "CREATE INDEX files_by_digest ON files(sha256)",
            "CREATE INDEX files_by_tenant ON files(tenant)",
            "CREATE TABLE file_quotas(tenant text PRIMARY KEY, bytes bigint NOT NULL)",
            "ALTER TABLE messages ADD COLUMN attachments text",
        ]),
        Migration(name: "v13: API keys", statements: [
            "CREATE TABLE api_keys(id text PRIMARY KEY, tenant text NOT NULL, body text NOT NULL)",
            "CREATE INDEX api_keys_tenant ON api_keys(tenant)",
        ]),
    ]

    /// The names registered above, in order (checked against `SchemaHistory.migrations` by a test).
    static var names: [String] { migrations.map(\.name) }

    /// Any constant: the advisory lock nodes take while migrating, so that two starting at once
    /// migrate one after the other (the second finds nothing left to do).
    static let migrationLock: Int64 = 0x7061_726C_6579 // "parley"

    /// Creates or migrates the schema in one transaction; refuses a database migrated by a newer
    /// build. Returns the migrations applied now.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.transaction(logger) { db in
            try await db.run("SELECT pg_advisory_xact_lock(\(migrationLock))", logger)
            try await db.run("CREATE TABLE IF NOT EXISTS parley_migrations(name text PRIMARY KEY, applied_at bigint NOT NULL)", logger)
            let applied = try await db.column("SELECT name FROM parley_migrations", as: String.self, logger)
            try SchemaHistory.check(applied: applied, store: "PostgreSQL")
            var now: [String] = []
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements { try await db.run(PostgresQuery(unsafeSQL: statement), logger) }
                try await db.run("INSERT INTO parley_migrations(name, applied_at) VALUES (\(migration.name), \(StoreClock.now()))", logger)
                now.append(migration.name)
            }
            return now
        }
    }
}
