import GRDB
import ParleyDomain
import ParleyStore

extension SQLiteStore {
    /// A catch-up read: messages after `seq` (matching `topics` when set), and the conversation's newest
    /// sequence number as of the same read, so a caller knows what the read covered.
    public func catchUp(in conversation: String, after seq: Int64, limit: Int, topics: Set<String>?) throws -> (messages: [ChatMessage], lastSeq: Int64) {
        try pool.read { db in
            let last = try Int64.fetchOne(db, sql: "SELECT last_seq FROM conversations WHERE id = ?", arguments: [conversation]) ?? 0
            var sql = "SELECT * FROM messages WHERE conversation = ? AND seq > ? AND seq <= ?"
            var args: [any DatabaseValueConvertible] = [conversation, seq, last]
            if let topics, !topics.isEmpty {
                sql += " AND topic IN (\(Array(repeating: "?", count: topics.count).joined(separator: ",")))"
                args.append(contentsOf: topics.sorted())
            }
            sql += " ORDER BY seq LIMIT ?"
            args.append(limit)
            var messages = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.message)
            try Self.attachReactions(&messages, db)
            return (messages, last)
        }
    }

    /// A page of history before `before` (exclusive; nil: the newest), returned oldest first,
    /// and whether older messages remain.
    public func history(in conversation: String, before: Int64?, limit: Int, topic: String?) throws -> (messages: [ChatMessage], more: Bool) {
        try pool.read { db in
            let bound = before ?? Int64.max
            let rows: [Row]
            if let topic {
                rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM messages WHERE conversation = ? AND seq < ? AND topic = ? ORDER BY seq DESC LIMIT ?
                    """, arguments: [conversation, bound, topic, limit + 1])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM messages WHERE conversation = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
                                        arguments: [conversation, bound, limit + 1])
            }
            var page = Array(rows.prefix(limit).map(Self.message).reversed())
            try Self.attachReactions(&page, db)
            return (page, rows.count > limit)
        }
    }

    /// The topics of a topic group with their last activity, most recent first.
    public func topics(in conversation: String) throws -> [TopicSummary] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT topic, MAX(seq) AS last_seq, MAX(at) AS last_at, COUNT(*) AS n FROM messages
                WHERE conversation = ? AND topic IS NOT NULL AND kind NOT IN ('edit', 'delete', 'reaction') GROUP BY topic ORDER BY last_seq DESC
                """, arguments: [conversation]).map {
                TopicSummary(name: $0["topic"], lastSeq: $0["last_seq"], lastAt: $0["last_at"], count: $0["n"])
            }
        }
    }

    /// Moves `user`'s read mark forward (never back) and returns the unread count after it.
    public func markRead(_ user: UserRef, in conversation: String, upTo seq: Int64) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO read_marks(user, conversation, seq) VALUES (?, ?, ?)
                ON CONFLICT(user, conversation) DO UPDATE SET seq = MAX(seq, excluded.seq)
                """, arguments: [user.description, conversation, seq])
            let mark = try Int64.fetchOne(db, sql: "SELECT seq FROM read_marks WHERE user = ? AND conversation = ?",
                                          arguments: [user.description, conversation]) ?? 0
            return try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE conversation = ? AND seq > ? AND sender != ? AND kind NOT IN ('edit', 'delete', 'reaction')",
                                      arguments: [conversation, mark, user.description]) ?? 0
        }
    }

    /// A user's saved language and translation opt-out, if they ever changed them.
    public func settings(for user: UserRef) throws -> (language: Language?, translate: Bool)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT lang, translate FROM users WHERE user = ?", arguments: [user.description]).map(Self.settings)
        }
    }

    /// A `users` row's language and translation choice.
    static func settings(_ row: Row) -> (language: Language?, translate: Bool) {
        ((row["lang"] as String?).map(Language.init), (row["translate"] as Int64) != 0)
    }

    public func saveSettings(for user: UserRef, language: Language?, translate: Bool) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO users(user, lang, translate, explicit) VALUES (?, ?, ?, 1)
                ON CONFLICT(user) DO UPDATE SET lang = excluded.lang, translate = excluded.translate, explicit = 1
                """, arguments: [user.description, language?.code, translate ? 1 : 0])
        }
    }

    static func message(_ row: Row) -> ChatMessage {
        var message = ChatMessage(conversation: row["conversation"], seq: row["seq"], topic: row["topic"],
                                  sender: UserRef(parsing: row["sender"], defaultTenant: "") ?? UserRef(id: "?", tenant: "?"),
                                  senderName: row["sender_name"], clientID: row["client_id"], text: row["text"],
                                  language: Language(row["lang"] as String), kind: MessageKind(rawValue: row["kind"]) ?? .text,
                                  at: row["at"], payload: row["payload"], target: row["target"], editedAt: row["edited_at"], deletedAt: row["deleted_at"])
        // (Rows read by column lists without it, and plain messages, have none.)
        if let attachments: String = row["attachments"] { message.attachments = FileReference.decode(attachments) }
        return message
    }
}

extension SQLiteStore {
    /// Records the languages users' tokens declare, unless a user chose one explicitly. One
    /// transaction for the whole batch: thousands of users connecting at once cost one commit.
    public func rememberLanguages(_ languages: [UserRef: Language]) throws {
        guard !languages.isEmpty else { return }
        try pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO users(user, lang, translate, explicit) VALUES (?, ?, 1, 0)
                ON CONFLICT(user) DO UPDATE SET lang = excluded.lang WHERE users.explicit = 0 AND users.lang != excluded.lang
                """)
            for (user, language) in languages { try statement.execute(arguments: [user.description, language.code]) }
        }
    }

}
