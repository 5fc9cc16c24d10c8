import Logging
import ParleyDomain
import ParleyStore
import PostgresNIO

extension PostgresStore {
    /// What `welcome` needs for each of `users`: three statements for the whole batch, on one
    /// connection (after a node dies, thousands of its users arrive at another within a second).
    public func arrivals(of users: [UserRef]) async throws -> [UserRef: UserArrival] {
        guard !users.isEmpty else { return [:] }
        let byKey = Dictionary(users.map { ($0.description, $0) }, uniquingKeysWith: { first, _ in first })
        let keys = Array(byKey.keys)
        return try await pooled { db in
            let summaries = try await Self.summaries(db, of: keys, logger)
            var settings: [String: (language: Language?, translate: Bool)] = [:]
            for row in try await db.all("SELECT user_id, lang, translate FROM users WHERE user_id = ANY(\(keys))",
                                        as: (String, String?, Bool).self, logger) {
                settings[row.0] = (row.1.map(Language.init), row.2)
            }
            let waiting = Set(try await db.column("SELECT DISTINCT user_id FROM minutes_inbox WHERE user_id = ANY(\(keys))",
                                                  as: String.self, logger))
            var found: [UserRef: UserArrival] = [:]
            found.reserveCapacity(byKey.count)
            for (key, user) in byKey {
                found[user] = UserArrival(summaries: summaries[key] ?? [], settings: settings[key],
                                          minutesWaiting: waiting.contains(key))
            }
            return found
        }
    }

    /// Each of `users`' conversations with unread counts (messages from others after the read
    /// mark), keyed by the user's stored form: `summaries(for:)` and `arrivals(of:)` read through it.
    static func summaries(_ db: PostgresConnection, of users: [String], _ logger: Logger) async throws -> [String: [ConversationSummary]] {
        var found: [String: [ConversationSummary]] = [:]
        for row in try await db.all("""
            SELECT m.user_id, c.id, c.kind, c.tenant, c.title, c.last_seq,
                   (SELECT count(*) FROM messages x WHERE x.conversation = c.id AND x.seq > COALESCE(r.seq, 0) AND x.sender <> m.user_id
                    AND x.kind NOT IN ('edit', 'delete', 'reaction'))
            FROM members m JOIN conversations c ON c.id = m.conversation
            LEFT JOIN read_marks r ON r.user_id = m.user_id AND r.conversation = c.id
            WHERE m.user_id = ANY(\(users)) ORDER BY m.user_id, c.id COLLATE "C"
            """, as: (String, String, String, String, String, Int64, Int64).self, logger) {
            found[row.0, default: []].append(ConversationSummary(
                id: row.1, kind: ConversationKind(rawValue: row.2) ?? .group, tenant: row.3, title: row.4,
                lastSeq: row.5, unread: row.6))
        }
        return found
    }
}
