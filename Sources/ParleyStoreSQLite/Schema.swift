import GRDB
import ParleyStore

/// The SQLite store's tables, migration by migration (`SchemaHistory` names them for both stores).
/// One migration per schema change; never edit a registered migration.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE conversations(
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    title TEXT NOT NULL,
                    last_seq INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL);
                CREATE TABLE members(
                    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                    user TEXT NOT NULL,
                    PRIMARY KEY(conversation, user)) WITHOUT ROWID;
                CREATE INDEX members_by_user ON members(user);
                CREATE TABLE shares(
                    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                    tenant TEXT NOT NULL,
                    PRIMARY KEY(conversation, tenant)) WITHOUT ROWID;
                CREATE TABLE messages(
                    conversation TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    topic TEXT,
                    sender TEXT NOT NULL,
                    sender_name TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    lang TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    payload TEXT,
                    PRIMARY KEY(conversation, seq)) WITHOUT ROWID;
                CREATE UNIQUE INDEX messages_idempotency ON messages(sender, client_id);
                CREATE INDEX messages_by_topic ON messages(conversation, topic, seq);
                CREATE TABLE read_marks(
                    user TEXT NOT NULL,
                    conversation TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    PRIMARY KEY(user, conversation)) WITHOUT ROWID;
                CREATE TABLE users(
                    user TEXT PRIMARY KEY,
                    lang TEXT,
                    translate INTEGER NOT NULL DEFAULT 1,
                    explicit INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
                CREATE TABLE documents(
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY(kind, id)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2: topic index only for topic groups") { db in
            // Every topic query names a topic (`topic = ?`, `topic IN (...)`, `topic IS NOT NULL`),
            // so messages outside topic groups need no entry: one B-tree fewer per message stored.
            try db.execute(sql: """
                DROP INDEX messages_by_topic;
                CREATE INDEX messages_by_topic ON messages(conversation, topic, seq) WHERE topic IS NOT NULL;
                """)
        }
        migrator.registerMigration("v3: meetings are stored from their start") { db in
            // A meeting, its utterances, its minutes versions and each attendee's unacknowledged
            // minutes (the inbox) are rows, so a restart loses none of them (docs/minutes.md).
            try db.execute(sql: """
                CREATE TABLE meetings(
                    id TEXT PRIMARY KEY,
                    host TEXT NOT NULL,
                    attendees TEXT NOT NULL,
                    title TEXT NOT NULL,
                    lang TEXT NOT NULL,
                    date TEXT,
                    conversation TEXT,
                    state TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    last_activity INTEGER NOT NULL,
                    ended_at INTEGER,
                    utterance_count INTEGER NOT NULL DEFAULT 0,
                    minutes_version INTEGER NOT NULL DEFAULT 0,
                    posted_version INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
                CREATE INDEX meetings_unfinished ON meetings(state) WHERE state != 'concluded' OR posted_version < minutes_version;
                CREATE TABLE meeting_utterances(
                    meeting TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
                    n INTEGER NOT NULL,
                    client_id TEXT,
                    speaker TEXT NOT NULL,
                    text TEXT NOT NULL,
                    start REAL,
                    "end" REAL,
                    at INTEGER NOT NULL,
                    PRIMARY KEY(meeting, n)) WITHOUT ROWID;
                CREATE UNIQUE INDEX meeting_utterances_idempotency ON meeting_utterances(meeting, client_id) WHERE client_id IS NOT NULL;
                CREATE TABLE meeting_minutes(
                    meeting TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY(meeting, version)) WITHOUT ROWID;
                CREATE TABLE minutes_inbox(
                    user TEXT NOT NULL,
                    meeting TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
                    version INTEGER NOT NULL,
                    PRIMARY KEY(user, meeting)) WITHOUT ROWID;
                """)
            // Minutes stored by earlier versions (documents of kind 'meeting') become concluded
            // meetings; their waiting inbox entries stay waiting.
            try db.execute(sql: """
                INSERT OR IGNORE INTO meetings(id, host, attendees, title, lang, date, conversation, state, started_at, last_activity,
                                               ended_at, utterance_count, minutes_version, posted_version)
                SELECT id, json_extract(body, '$.host'), json_extract(body, '$.attendees'), json_extract(body, '$.minutes.title'),
                       json_extract(body, '$.minutes.language'), json_extract(body, '$.minutes.date'), json_extract(body, '$.conversation'),
                       'concluded', json_extract(body, '$.endedAt'), json_extract(body, '$.endedAt'), json_extract(body, '$.endedAt'),
                       json_extract(body, '$.minutes.utteranceCount'), json_extract(body, '$.version'), json_extract(body, '$.version')
                FROM documents WHERE kind = 'meeting' AND json_valid(body);
                INSERT OR IGNORE INTO meeting_minutes(meeting, version, body, created_at)
                SELECT id, json_extract(body, '$.version'), json_extract(body, '$.minutes'), updated_at
                FROM documents WHERE kind = 'meeting' AND json_valid(body);
                INSERT OR IGNORE INTO minutes_inbox(user, meeting, version)
                SELECT substr(d.id, 1, instr(d.id, '|') - 1), m.id, m.minutes_version
                FROM documents d JOIN meetings m ON m.id = substr(d.id, instr(d.id, '|') + 1)
                WHERE d.kind = 'inbox';
                DELETE FROM documents WHERE kind IN ('meeting', 'inbox');
                """)
        }
        migrator.registerMigration("v4: full-text search") { db in
            // Index forms (`SearchText`) of messages and of minutes. The columns after the first are
            // stored, not indexed: they say what a match is. `detail = none`: every term must match, in
            // any place (no phrase queries), so term positions are not stored; it halves what an
            // append writes into the index. (v7 moved the message index into a file
            // of its own, `SQLiteSearchIndex`.)
            try db.execute(sql: """
                CREATE VIRTUAL TABLE message_search USING fts5(
                    terms, conversation UNINDEXED, seq UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2', detail = none);
                CREATE VIRTUAL TABLE minutes_search USING fts5(
                    terms, meeting UNINDEXED, version UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
                CREATE TABLE search_backfill(next_at INTEGER, next_conversation TEXT, next_seq INTEGER, done INTEGER NOT NULL DEFAULT 0);
                INSERT INTO search_backfill(next_at, next_conversation, next_seq, done) VALUES (-1, '', 0, 0);
                """)
        }
        migrator.registerMigration("v5: directory versions for cluster nodes") { db in
            // Bumped by every change of members or shares, so a cluster node that lost a hint finds
            // the conversations whose directory entry it must reload (`Store.marks`).
            try db.execute(sql: "ALTER TABLE conversations ADD COLUMN directory_version INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v6: translation suggestions and memory") { db in
            // Members' suggested renderings, the tenant's accepted corrections (one per source key:
            // the source's ICU matching form, computed by the caller), and the authors a tenant
            // accepts without an admin (docs/translation.md, "Corrections").
            try db.execute(sql: """
                CREATE TABLE translation_suggestions(
                    id TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    conversation TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    source_lang TEXT NOT NULL,
                    target_lang TEXT NOT NULL,
                    source_text TEXT NOT NULL,
                    suggested_text TEXT NOT NULL,
                    author TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    decided_at INTEGER,
                    decided_by TEXT) WITHOUT ROWID;
                CREATE INDEX translation_suggestions_by_state ON translation_suggestions(tenant, state, created_at);
                CREATE TABLE translation_memory(
                    tenant TEXT NOT NULL,
                    source_lang TEXT NOT NULL,
                    target_lang TEXT NOT NULL,
                    source_key TEXT NOT NULL,
                    source_text TEXT NOT NULL,
                    corrected_text TEXT NOT NULL,
                    author TEXT NOT NULL,
                    accepted_at INTEGER NOT NULL,
                    suggestion TEXT,
                    PRIMARY KEY(tenant, source_lang, target_lang, source_key)) WITHOUT ROWID;
                CREATE INDEX translation_memory_by_time ON translation_memory(accepted_at);
                CREATE TABLE translation_auto_accept(
                    tenant TEXT NOT NULL,
                    user TEXT NOT NULL,
                    PRIMARY KEY(tenant, user)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v7: message positions for a search index kept apart") { db in
            // The message index moves out of this database into a file of its own, written by its own
            // thread (`SQLiteSearchIndex`); a message's transaction now writes only its position. Positions
            // grow in commit order (rows are never deleted, so the rowid only grows). They are written
            // while search is on; `search_state.positions_complete` says whether every message has
            // one (0 after a start without search: the next start with search adds the missing ones).
            // The old index is dropped; the new one is built from the messages after the start, with
            // progress in the log.
            try db.execute(sql: """
                DROP TABLE message_search;
                DROP TABLE search_backfill;
                CREATE TABLE message_positions(position INTEGER PRIMARY KEY, conversation TEXT NOT NULL, seq INTEGER NOT NULL);
                CREATE TABLE search_state(positions_complete INTEGER NOT NULL);
                INSERT INTO search_state(positions_complete) VALUES (0);
                """)
        }
        migrator.registerMigration("v8: follow-ups") { db in
            // A follow-up is kept whole as JSON (history included); the columns are what lists select by.
            try db.execute(sql: """
                CREATE TABLE followups(
                    id TEXT PRIMARY KEY, tenant TEXT NOT NULL, owner TEXT NOT NULL, requester TEXT NOT NULL,
                    meeting TEXT, conversation TEXT, status TEXT NOT NULL, due TEXT,
                    updated_at INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX followups_to_remind ON followups(due) WHERE status IN ('proposed', 'open') AND due IS NOT NULL;
                CREATE TABLE followup_reminders(key TEXT PRIMARY KEY, sent_at INTEGER NOT NULL) WITHOUT ROWID;
                CREATE INDEX followups_owner ON followups(tenant, owner);
                CREATE INDEX followups_requester ON followups(tenant, requester);
                CREATE INDEX followups_meeting ON followups(meeting) WHERE meeting IS NOT NULL;
                CREATE INDEX followups_conversation ON followups(conversation) WHERE conversation IS NOT NULL;
                """)
        }
        migrator.registerMigration("v9: user directory and sign-in sessions") { db in
            // Who signed in with an identity provider, and each browser's session: refresh
            // credentials only as SHA-256 digests; a retired digest presented again revokes its session.
            try db.execute(sql: """
                CREATE TABLE directory_users(
                    tenant TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    lang TEXT NOT NULL,
                    locale TEXT,
                    time_zone TEXT,
                    provider TEXT NOT NULL,
                    is_admin INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1,
                    PRIMARY KEY(tenant, user_id)) WITHOUT ROWID;
                CREATE TABLE auth_sessions(
                    id TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    refresh_digest TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    revoked_at INTEGER);
                CREATE INDEX auth_sessions_by_user ON auth_sessions(tenant, user_id);
                CREATE TABLE auth_retired_refresh(
                    digest TEXT PRIMARY KEY,
                    session TEXT NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v10: webhooks") { db in
            // Endpoints with their secrets, and the outbox: one row per event and endpoint, unique,
            // claimed by a lease, kept with its last answer for the delivery log.
            try db.execute(sql: """
                CREATE TABLE webhooks(
                    id TEXT PRIMARY KEY, tenant TEXT NOT NULL, enabled INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX webhooks_tenant ON webhooks(tenant);
                CREATE TABLE webhook_deliveries(
                    id TEXT PRIMARY KEY, endpoint TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                    tenant TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL, body TEXT NOT NULL,
                    created_at INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
                    next_attempt_at INTEGER NOT NULL, lease_until INTEGER NOT NULL DEFAULT 0,
                    last_response INTEGER, last_error TEXT, last_attempt_at INTEGER,
                    UNIQUE(endpoint, event_id));
                CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
                CREATE INDEX webhook_deliveries_log ON webhook_deliveries(endpoint, created_at);
                """)
        }
        migrator.registerMigration("v11: message edits, deletions, reactions") { db in
            // Edits, deletions and reactions are events in the conversation's sequence (kind edit,
            // delete, reaction) naming their `target`; a reply names the message it answers there too.
            // The target row carries its current state (`edited_at`, `deleted_at`); earlier texts are
            // kept in `message_versions` for the sender and admins until a deletion erases them.
            // `index_position` is the message's search index position (NULL: look it up), so that an edit or a
            // deletion finds its index row without an index on `message_positions`, which every
            // message would pay for.
            try db.execute(sql: """
                ALTER TABLE messages ADD COLUMN target INTEGER;
                ALTER TABLE messages ADD COLUMN edited_at INTEGER;
                ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
                ALTER TABLE messages ADD COLUMN index_position INTEGER;
                CREATE INDEX messages_by_target ON messages(conversation, target) WHERE target IS NOT NULL;
                CREATE TABLE message_versions(
                    conversation TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    lang TEXT NOT NULL,
                    replaced_at INTEGER NOT NULL,
                    PRIMARY KEY(conversation, seq, version)) WITHOUT ROWID;
                CREATE TABLE message_reactions(
                    conversation TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    emoji TEXT NOT NULL,
                    user TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    PRIMARY KEY(conversation, seq, emoji, user)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v12: attachments") { db in
            // File metadata; the bytes are content-addressed blobs under the data directory. A file
            // with no message_seq is an upload not yet sent: the sweep removes it after a grace.
            // A message's attachments are also kept on its row (JSON), so history reads no join.
            try db.execute(sql: """
                CREATE TABLE files(
                    id TEXT PRIMARY KEY,
                    conversation TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    uploader TEXT NOT NULL,
                    name TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    message_seq INTEGER) WITHOUT ROWID;
                CREATE INDEX files_by_message ON files(conversation, message_seq) WHERE message_seq IS NOT NULL;
                CREATE INDEX files_unattached ON files(created_at) WHERE message_seq IS NULL;
                CREATE INDEX files_by_digest ON files(sha256);
                CREATE INDEX files_by_tenant ON files(tenant);
                CREATE TABLE file_quotas(tenant TEXT PRIMARY KEY, bytes INTEGER NOT NULL) WITHOUT ROWID;
                ALTER TABLE messages ADD COLUMN attachments TEXT;
                """)
        }
        migrator.registerMigration("v13: API keys") { db in
            // Machines' credentials: only a digest of each secret, inside the JSON body.
            try db.execute(sql: """
                CREATE TABLE api_keys(id TEXT PRIMARY KEY, tenant TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX api_keys_tenant ON api_keys(tenant);
                """)
        }
        return migrator
    }

    /// The names registered above, in order (checked against `SchemaHistory.migrations` by a test).
    static var names: [String] { migrator.migrations }
}
