import ParleyDomain
import ParleyStore
import PostgresNIO

/// Reading messages, read marks and user settings. Messages are written by `PostgresWriter` only.
extension PostgresStore {
    /// A catch-up read: messages after `seq` (matching `topics` when set), and the conversation's newest
    /// sequence number as of the same read, so a caller knows what the read covered. The number is
    /// read first; messages up to it were committed with it.
    public func catchUp(in conversation: String, after seq: Int64, limit: Int, topics: Set<String>?) async throws -> (messages: [ChatMessage], lastSeq: Int64) {
        try await pooled { db in
            let last = try await db.value("SELECT last_seq FROM conversations WHERE id = \(conversation)", as: Int64.self, logger) ?? 0
            let rows: [MessageRow]
            if let topics, !topics.isEmpty {
                rows = try await db.all("""
                    SELECT \(unescaped: Self.messageColumns) FROM messages
                    WHERE conversation = \(conversation) AND seq > \(seq) AND seq <= \(last) AND topic = ANY(\(topics.sorted()))
                    ORDER BY seq LIMIT \(limit)
                    """, as: MessageRow.self, logger)
            } else {
                rows = try await db.all("""
                    SELECT \(unescaped: Self.messageColumns) FROM messages
                    WHERE conversation = \(conversation) AND seq > \(seq) AND seq <= \(last) ORDER BY seq LIMIT \(limit)
                    """, as: MessageRow.self, logger)
            }
            var messages = rows.map(Self.message)
            try await Self.attachReactions(&messages, db, logger)
            return (messages, last)
        }
    }

    /// A page of history before `before` (exclusive; nil: the newest), returned oldest first,
    /// and whether older messages remain.
    public func history(in conversation: String, before: Int64?, limit: Int, topic: String?) async throws -> (messages: [ChatMessage], more: Bool) {
        let bound = before ?? Int64.max
        return try await pooled { db in
            let rows: [MessageRow]
            if let topic {
                rows = try await db.all("""
                    SELECT \(unescaped: Self.messageColumns) FROM messages
                    WHERE conversation = \(conversation) AND seq < \(bound) AND topic = \(topic) ORDER BY seq DESC LIMIT \(limit + 1)
                    """, as: MessageRow.self, logger)
            } else {
                rows = try await db.all("""
                    SELECT \(unescaped: Self.messageColumns) FROM messages
                    WHERE conversation = \(conversation) AND seq < \(bound) ORDER BY seq DESC LIMIT \(limit + 1)
                    """, as: MessageRow.self, logger)
            }
            var page = Array(rows.prefix(limit).map(Self.message).reversed())
            try await Self.attachReactions(&page, db, logger)
            return (page, rows.count > limit)
        }
    }

    /// The topics of a topic group with their last activity, most recent first.
    public func topics(in conversation: String) async throws -> [TopicSummary] {
        try await pooled { db in
            try await db.all("""
                SELECT topic, max(seq), max(at), count(*) FROM messages
                WHERE conversation = \(conversation) AND topic IS NOT NULL AND kind NOT IN ('edit', 'delete', 'reaction') GROUP BY topic ORDER BY max(seq) DESC
                """, as: (String, Int64, Int64, Int64).self, logger).map {
                TopicSummary(name: $0.0, lastSeq: $0.1, lastAt: $0.2, count: $0.3)
            }
        }
    }

    /// Moves `user`'s read mark forward (never back) and returns the unread count after it, in one statement.
    public func markRead(_ user: UserRef, in conversation: String, upTo seq: Int64) async throws -> Int64 {
        try await pooled { db in
            try await db.value("""
                WITH mark AS (
                    INSERT INTO read_marks(user_id, conversation, seq) VALUES (\(user.description), \(conversation), \(seq))
                    ON CONFLICT (user_id, conversation) DO UPDATE SET seq = GREATEST(read_marks.seq, excluded.seq)
                    RETURNING seq)
                SELECT count(*) FROM messages, mark
                WHERE messages.conversation = \(conversation) AND messages.seq > mark.seq AND messages.sender <> \(user.description)
                  AND messages.kind NOT IN ('edit', 'delete', 'reaction')
                """, as: Int64.self, logger) ?? 0
        }
    }

    /// A user's saved language and translation opt-out, if they ever changed them.
    public func settings(for user: UserRef) async throws -> (language: Language?, translate: Bool)? {
        try await pooled { db in
            try await db.first("SELECT lang, translate FROM users WHERE user_id = \(user.description)", as: (String?, Bool).self, logger)
                .map { ($0.0.map(Language.init), $0.1) }
        }
    }

    public func saveSettings(for user: UserRef, language: Language?, translate: Bool) async throws {
        try await pooled { db in
            try await db.run("""
                INSERT INTO users(user_id, lang, translate, explicit) VALUES (\(user.description), \(language?.code), \(translate), true)
                ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, translate = excluded.translate, explicit = true
                """, logger)
        }
    }

    /// Records the languages users' tokens declare, unless a user chose one explicitly: one statement
    /// for the whole batch.
    public func rememberLanguages(_ languages: [UserRef: Language]) async throws {
        guard !languages.isEmpty else { return }
        let users = languages.keys.map(\.description)
        let codes = languages.values.map(\.code)
        try await pooled { db in
            try await db.run("""
                INSERT INTO users(user_id, lang, translate, explicit)
                SELECT u, l, true, false FROM unnest(\(users)::text[], \(codes)::text[]) AS x(u, l)
                ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang
                WHERE users.explicit = false AND users.lang IS DISTINCT FROM excluded.lang
                """, logger)
        }
    }

    // MARK: Rows

    /// The columns of `messages` in `MessageRow`'s order.
    static let messageColumns = "conversation, seq, topic, sender, sender_name, client_id, text, lang, kind, at, payload, target, edited_at, deleted_at, attachments"
    typealias MessageRow = (String, Int64, String?, String, String, String, String, String, String, Int64, String?, Int64?, Int64?, Int64?, String?)

    static func message(_ row: MessageRow) -> ChatMessage {
        var message = ChatMessage(conversation: row.0, seq: row.1, topic: row.2,
                                  sender: UserRef(parsing: row.3, defaultTenant: "") ?? UserRef(id: "?", tenant: "?"),
                                  senderName: row.4, clientID: row.5, text: row.6, language: Language(row.7),
                                  kind: MessageKind(rawValue: row.8) ?? .text, at: row.9, payload: row.10,
                                  target: row.11, editedAt: row.12, deletedAt: row.13)
        message.attachments = FileReference.decode(row.14)
        return message
    }
}
