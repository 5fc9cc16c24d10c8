import Foundation
import GRDB
import Logging
import ParleyDomain
import ParleyStore
import Synchronization

/// Full-text search over the messages of given conversations (SQLite FTS5 on `SearchText` terms).
extension SQLiteStore {
    /// Matching messages, newest first or best first, at most `limit`, each with its position
    /// (positions grow in commit order: newest first is position order, which the index walks
    /// backwards and stops as soon as `limit` messages in scope are found).
    ///
    /// First waits until the index holds every message committed before the search began (it is
    /// written by its own thread, usually milliseconds behind), so an acked message is always found.
    public func search(_ s: MessageSearch) async throws -> [(message: ChatMessage, position: Int64)] {
        guard !s.terms.isEmpty, !s.conversations.isEmpty, let searchIndex else { return [] }
        guard await searchIndex.waitUntilIndexed(try newestPosition(), timeout: MessageSearch.budget) else {
            let (indexed, newest, _) = searchIndex.progress()
            throw StoreError(.unavailable, "the search index is still being built (\(indexed) of \(newest) messages); search again in a minute")
        }
        // Every term is quoted (a quote inside doubled): the query can hold no FTS syntax. The scope
        // terms let the index intersect lists instead of reading every match's row; the row filter
        // below stays the rule (two ids may share a scope term).
        var match = Self.allOf(s.terms)
        if s.conversations.count <= 200 {
            match = "(" + match + ") AND (" + Set(s.conversations.map(Self.scopeTerm)).sorted().joined(separator: " OR ") + ")"
        }
        var sql = """
            SELECT m.*, s.rowid AS position FROM idx.message_search s
            JOIN message_positions p ON p.position = s.rowid
            JOIN messages m ON m.conversation = p.conversation AND m.seq = p.seq
            WHERE s.message_search MATCH ? AND p.conversation IN (SELECT value FROM json_each(?)) AND m.deleted_at IS NULL
            """
        var arguments: [(any DatabaseValueConvertible)?] = [match, Self.jsonArray(s.conversations)]
        if let topic = s.topic { sql += " AND m.topic = ?"; arguments.append(topic) }
        if let sender = s.sender { sql += " AND m.sender = ?"; arguments.append(sender.description) }
        if let since = s.since { sql += " AND m.at >= ?"; arguments.append(since) }
        if let until = s.until { sql += " AND m.at < ?"; arguments.append(until) }
        if let minutes = s.minutesOnly { sql += minutes ? " AND m.kind = 'minutes'" : " AND m.kind != 'minutes'" }
        if s.byRelevance {
            sql += " ORDER BY s.rank, s.rowid DESC LIMIT ? OFFSET ?"
            arguments += [s.limit, s.offset]
        } else {
            if let before = s.before { sql += " AND s.rowid < ?"; arguments.append(before) }
            sql += " ORDER BY s.rowid DESC LIMIT ?"
            arguments.append(s.limit)
        }
        return try withinBudget { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map { $0?.databaseValue ?? .null })).map {
                (Self.message($0), $0["position"])
            }
        }
    }

    /// Waits until the message index holds every message committed so far; false after `timeout`
    /// seconds (or with search off). For benchmarks and tools: searches wait by themselves.
    public func searchIndexCaughtUp(timeout: Double) async throws -> Bool {
        guard let searchIndex else { return false }
        return await searchIndex.waitUntilIndexed(try newestPosition(), timeout: timeout)
    }

    /// The position of the newest message committed. A synchronous read, as every read of this store:
    /// GRDB's async read holds a reader connection until a cooperative thread resumes it, so mixed with
    /// synchronous reads on those threads it deadlocks once the readers run out (the fuzz test did).
    func newestPosition() throws -> Int64 {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(position) FROM message_positions") } ?? 0
    }

    /// The message index's progress: messages indexed, messages committed, and the CPU time its
    /// thread has spent (µs); nil with search off.
    public func searchIndexProgress() -> (indexed: Int64, newest: Int64, cpuMicros: Double)? {
        searchIndex?.progress()
    }

    /// Runs a search read on the search connections; past `MessageSearch.budget` it is interrupted and
    /// fails with `StoreError.refused`.
    func withinBudget<T>(_ read: (Database) throws -> T) throws -> T {
        let expired = Mutex(false)
        let timer = DispatchWorkItem { [searchPool] in
            expired.withLock { $0 = true }
            searchPool.interrupt()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + MessageSearch.budget, execute: timer)
        defer { timer.cancel() }
        do {
            return try searchPool.read(read)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT && expired.withLock({ $0 }) {
            throw StoreError(.refused, "the search took longer than \(Int(MessageSearch.budget)) s; use more or rarer words")
        }
    }

    /// Minutes of meetings `user` attended (or hosted) whose text has every term, newest first;
    /// `after` is the (endedAt, meeting) of the previous page's last hit.
    public func searchMinutes(terms: [String], user: UserRef, since: Int64?, until: Int64?,
                              after: (endedAt: Int64, meeting: String)?, limit: Int) throws -> [MinutesHit] {
        guard !terms.isEmpty else { return [] }
        let match = Self.allOf(terms)
        var sql = """
            SELECT m.id, ms.version, m.title, m.conversation, COALESCE(m.ended_at, m.started_at) AS ended, mm.body
            FROM minutes_search ms JOIN meetings m ON m.id = ms.meeting
            JOIN meeting_minutes mm ON mm.meeting = ms.meeting AND mm.version = ms.version
            WHERE minutes_search MATCH ? AND (m.host = ? OR EXISTS (SELECT 1 FROM json_each(m.attendees) WHERE value = ?))
            """
        var arguments: [(any DatabaseValueConvertible)?] = [match, user.description, user.description]
        if let since { sql += " AND ended >= ?"; arguments.append(since) }
        if let until { sql += " AND ended < ?"; arguments.append(until) }
        if let a = after { sql += " AND (ended < ? OR (ended = ? AND m.id < ?))"; arguments += [a.endedAt, a.endedAt, a.meeting] }
        sql += " ORDER BY ended DESC, m.id DESC LIMIT ?"
        arguments.append(limit)
        return try withinBudget { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments.map { $0?.databaseValue ?? .null })).map {
                MinutesHit(meeting: $0["id"], version: $0["version"], title: $0["title"], conversation: $0["conversation"],
                           endedAt: $0["ended"], body: $0["body"])
            }
        }
    }

    /// The conversations `user` is a member of (search's scope), and the languages present in them:
    /// their members' languages and those of each conversation's latest 50 messages.
    public func searchScope(for user: UserRef) throws -> (conversations: [String], languages: [Language]) {
        try pool.read { db in
            let conversations = try String.fetchAll(db, sql: "SELECT conversation FROM members WHERE user = ?", arguments: [user.description])
            let members = try String.fetchAll(db, sql: """
                SELECT DISTINCT u.lang FROM members mine JOIN members other ON other.conversation = mine.conversation
                JOIN users u ON u.user = other.user WHERE mine.user = ? AND u.lang IS NOT NULL LIMIT 20
                """, arguments: [user.description])
            let written = try String.fetchAll(db, sql: """
                SELECT DISTINCT m.lang FROM json_each(?) j JOIN conversations c ON c.id = j.value
                JOIN messages m ON m.conversation = c.id AND m.seq > c.last_seq - 50 LIMIT 20
                """, arguments: [Self.jsonArray(Array(conversations.prefix(200)))])
            var seen: Set<String> = []
            return (conversations, (members + written).filter { seen.insert($0).inserted }.map(Language.init))
        }
    }

    /// Gives every message without a position one, if a start without search left some (or the
    /// v7 migration, all): in commit-time order, so that newest first follows time for them too.
    static func numberMessages(_ pool: DatabasePool, logger: Logger) throws {
        try pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT positions_complete FROM search_state") == 0 else { return }
            let before = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM message_positions") ?? 0
            try db.execute(sql: """
                INSERT INTO message_positions(conversation, seq)
                SELECT m.conversation, m.seq FROM messages m
                JOIN (SELECT conversation, seq FROM messages EXCEPT SELECT conversation, seq FROM message_positions) USING (conversation, seq)
                WHERE m.kind NOT IN ('edit', 'delete', 'reaction')
                ORDER BY m.at, m.conversation, m.seq
                """)
            let added = (try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM message_positions") ?? 0) - before
            try db.execute(sql: "UPDATE search_state SET positions_complete = 1")
            if added > 0 { logger.notice("numbered stored messages for the search index", metadata: ["store.messages": "\(added)"]) }
        }
    }

    /// An FTS5 query that every term must match. Each term is quoted (a quote inside doubled), so a
    /// query can hold no FTS syntax.
    static func allOf(_ terms: [String]) -> String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
    }

    static func scopeTerm(_ conversation: String) -> String { StoredForms.scopeTerm(conversation) }

    static func jsonArray(_ values: [String]) -> String {
        (try? JSONEncoder().encode(values)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
