import GRDB

/// The store's tables. One migration per schema change; never edit a registered migration.
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
        return migrator
    }
}
