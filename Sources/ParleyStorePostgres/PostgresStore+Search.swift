import ParleyDomain
import ParleyStore
import PostgresNIO

/// Full-text search over the messages of given conversations and over minutes: `SearchText` index
/// forms as tsvectors (configuration 'simple'), matched with `@@`, each search in a transaction
/// whose `statement_timeout` is `MessageSearch.budget`.
extension PostgresStore {
    /// Matching messages, newest first or best first, at most `limit`, each with its index position
    /// (`message_search.id`, growing in commit order).
    public func search(_ s: MessageSearch) async throws -> [(message: ChatMessage, position: Int64)] {
        guard !s.terms.isEmpty, !s.conversations.isEmpty else { return [] }
        var query = SearchQuery()
        // Every term through plainto_tsquery, as a parameter: a query can hold no tsquery syntax.
        let terms = s.terms.map { "plainto_tsquery('simple', \(query.bind(Self.folded($0))))" }.joined(separator: " && ")
        var match = "query.terms"
        if s.conversations.count <= 200 {
            // The scope terms (letters and digits only) let the index intersect lists instead of
            // reading every match's row; the conversation filter below stays the rule.
            let scope = Set(s.conversations.map(Self.scopeTerm)).sorted().joined(separator: " | ")
            match = "(query.terms && to_tsquery('simple', \(query.bind(scope))))"
        }
        // A term without a word in it (only punctuation) gives an empty tsquery, which `&&` would
        // drop: such a search matches nothing rather than everything in scope.
        query.sql = """
            SELECT m.conversation, m.seq, m.topic, m.sender, m.sender_name, m.client_id, m.text, m.lang, m.kind, m.at, m.payload, m.attachments, s.id
            FROM (SELECT \(terms) AS terms) AS query, message_search s
            JOIN messages m ON m.conversation = s.conversation AND m.seq = s.seq
            WHERE numnode(query.terms) > 0 AND s.terms @@ \(match) AND s.conversation = ANY(\(query.bind(s.conversations)))
            """
        if let topic = s.topic { query.sql += " AND m.topic = \(query.bind(topic))" }
        if let sender = s.sender { query.sql += " AND m.sender = \(query.bind(sender.description))" }
        if let since = s.since { query.sql += " AND m.at >= \(query.bind(since))" }
        if let until = s.until { query.sql += " AND m.at < \(query.bind(until))" }
        if let minutes = s.minutesOnly { query.sql += minutes ? " AND m.kind = 'minutes'" : " AND m.kind <> 'minutes'" }
        if s.byRelevance {
            query.sql += " ORDER BY ts_rank(s.terms, query.terms) DESC, s.id DESC LIMIT \(query.bind(Int64(s.limit))) OFFSET \(query.bind(Int64(s.offset)))"
        } else {
            if let before = s.before { query.sql += " AND s.id < \(query.bind(before))" }
            query.sql += " ORDER BY s.id DESC LIMIT \(query.bind(Int64(s.limit)))"
        }
        let statement = query.statement
        return try await withinBudget { db in
            try await db.query(statement, logger: logger).collect().map { row in
                let r = try row.decode((String, Int64, String?, String, String, String, String, String, String, Int64, String?, String?, Int64).self)
                // A search row exists only for a message that is not deleted; an edited one's row holds its new text.
                return (Self.message((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, nil, nil, nil, r.11)), r.12)
            }
        }
    }

    /// Minutes of meetings `user` attended (or hosted) whose text has every term, newest first;
    /// `after` is the (endedAt, meeting) of the previous page's last hit.
    public func searchMinutes(terms: [String], user: UserRef, since: Int64?, until: Int64?,
                              after: (endedAt: Int64, meeting: String)?, limit: Int) async throws -> [MinutesHit] {
        guard !terms.isEmpty else { return [] }
        var query = SearchQuery()
        let match = terms.map { "plainto_tsquery('simple', \(query.bind(Self.folded($0))))" }.joined(separator: " && ")
        let me = query.bind(user.description)
        query.sql = """
            SELECT m.id, ms.version, m.title, m.conversation, COALESCE(m.ended_at, m.started_at) AS ended, mm.body
            FROM minutes_search ms JOIN meetings m ON m.id = ms.meeting
            JOIN meeting_minutes mm ON mm.meeting = ms.meeting AND mm.version = ms.version
            WHERE numnode(\(match)) > 0 AND ms.terms @@ (\(match)) AND (m.host = \(me) OR m.attendees::jsonb ? \(me))
            """
        let ended = "COALESCE(m.ended_at, m.started_at)"
        if let since { query.sql += " AND \(ended) >= \(query.bind(since))" }
        if let until { query.sql += " AND \(ended) < \(query.bind(until))" }
        if let a = after {
            let at = query.bind(a.endedAt)
            query.sql += " AND (\(ended) < \(at) OR (\(ended) = \(at) AND m.id COLLATE \"C\" < \(query.bind(a.meeting))))"
        }
        query.sql += " ORDER BY ended DESC, m.id COLLATE \"C\" DESC LIMIT \(query.bind(Int64(limit)))"
        let statement = query.statement
        return try await withinBudget { db in
            try await db.query(statement, logger: logger).collect().map { row in
                let r = try row.decode((String, Int64, String, String?, Int64, String).self)
                return MinutesHit(meeting: r.0, version: r.1, title: r.2, conversation: r.3, endedAt: r.4, body: r.5)
            }
        }
    }

    /// The conversations `user` is a member of (search's scope), and the languages present in them:
    /// their members' languages and those of each conversation's latest 50 messages.
    public func searchScope(for user: UserRef) async throws -> (conversations: [String], languages: [Language]) {
        try await pooled { db in
            let conversations = try await db.column("SELECT conversation FROM members WHERE user_id = \(user.description)",
                                                    as: String.self, logger)
            let members = try await db.column("""
                SELECT DISTINCT u.lang FROM members mine JOIN members other ON other.conversation = mine.conversation
                JOIN users u ON u.user_id = other.user_id WHERE mine.user_id = \(user.description) AND u.lang IS NOT NULL LIMIT 20
                """, as: String.self, logger)
            let written = try await db.column("""
                SELECT DISTINCT m.lang FROM conversations c JOIN messages m ON m.conversation = c.id AND m.seq > c.last_seq - 50
                WHERE c.id = ANY(\(Array(conversations.prefix(200)))) LIMIT 20
                """, as: String.self, logger)
            var seen: Set<String> = []
            return (conversations, (members + written).filter { seen.insert($0).inserted }.map { Language($0) })
        }
    }

    /// Runs a search read in a transaction whose statements may run `MessageSearch.budget` (tests
    /// pass a shorter `budget`); past it the server cancels the statement, and the search fails
    /// with `StoreError.refused`.
    func withinBudget<T: Sendable>(_ budget: Double = MessageSearch.budget, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let milliseconds = max(1, Int(budget * 1000))
        do {
            return try await client.withConnection { db in
                try await db.transaction(logger) { db in
                    try await db.run("SET LOCAL statement_timeout = \(unescaped: String(milliseconds))", logger)
                    return try await body(db)
                }
            }
        } catch where PostgresFailure.sqlState(error) == PostgresFailure.queryCanceled {
            throw StoreError(.refused, "the search took longer than \(Int(MessageSearch.budget)) s; use more or rarer words")
        } catch {
            throw failure(error)
        }
    }

    static func scopeTerm(_ conversation: String) -> String { StoredForms.scopeTerm(conversation) }

    /// What the index holds for a message: its terms and its conversation's scope term.
    func indexTerms(_ text: String, language: Language, conversation: String) -> String? {
        searchText.map { Self.folded($0.indexForm(text, language: language)) + " " + Self.scopeTerm(conversation) }
    }

    /// Terms without accents, as SQLite's FTS5 tokenizer (`remove_diacritics 2`) indexes and
    /// matches them: "GRUA" finds "grúa". The `simple` configuration keeps accents.
    static func folded(_ terms: String) -> String {
        terms.folding(options: [.diacriticInsensitive], locale: nil)
    }
}

/// A statement assembled piece by piece, its values bound as parameters ($1, $2, ...).
struct SearchQuery {
    var sql = ""
    private var binds = PostgresBindings()

    /// Binds a value and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    var statement: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
