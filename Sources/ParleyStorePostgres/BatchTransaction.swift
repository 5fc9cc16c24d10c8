import Foundation
import Logging
import ParleyDomain
import ParleyStore
import PostgresNIO

/// The statements of one group-commit transaction (`PostgresWriter`): a few round trips whatever
/// the batch size. Conversations are locked in id order, so two nodes' batches never deadlock on them.
struct BatchTransaction {
    let store: PostgresStore
    let db: PostgresConnection
    var logger: Logger { store.logger }

    private struct Key: Hashable {
        var sender: String
        var clientID: String
    }

    /// Writes a batch. Without `lookUpRetries`, a client id already stored makes it throw
    /// `SkippedRows` (the caller writes the batch again, looking them up).
    func commit(_ batch: [PostgresWriter.Pending], _ meetingWrites: [MeetingWrite], lookUpRetries: Bool) async throws -> BatchOutcome {
        var outcome = BatchOutcome()
        outcome.meetingResults = try await write(meetingWrites)
        guard !batch.isEmpty else { return outcome }
        let now = StoreClock.now()

        // The row locks make every other node's batch for these conversations wait for this commit.
        let ids = Array(Set(batch.map(\.request.conversation))).sorted()
        var last: [String: Int64] = [:]
        for (id, seq) in try await db.all("SELECT id, last_seq FROM conversations WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE",
                                          as: (String, Int64).self, logger) {
            last[id] = seq
        }
        // Client ids already stored (retries), read after the locks so that a retry of a message
        // another node committed to the same conversation is seen. Skipped while no retry is
        // suspected: the insert below finds them anyway (it then inserts fewer rows than it was
        // given, and the batch is written again with this read).
        var stored: [Key: ChatMessage] = [:]
        if lookUpRetries {
            for row in try await db.all("""
                SELECT \(unescaped: PostgresStore.messageColumns) FROM messages
                WHERE (sender, client_id) IN (SELECT * FROM unnest(\(batch.map(\.request.sender.description))::text[], \(batch.map(\.request.clientID))::text[]))
                """, as: PostgresStore.MessageRow.self, logger) {
                let message = PostgresStore.message(row)
                stored[Key(sender: row.3, clientID: message.clientID)] = message
            }
        }

        var fresh = FreshMessages()
        var inserted: Int64 = 0
        var expected = 0
        for item in batch {
            var r = item.request
            guard let previous = last[r.conversation] else {
                outcome.rejected.append(RejectedMessage(clientID: r.clientID, token: item.token, reason: "no conversation \(r.conversation)"))
                continue
            }
            let key = Key(sender: r.sender.description, clientID: r.clientID)
            if let existing = stored[key] {
                // A retry is the same message; the same id for another one is the client's mistake.
                let same = existing.conversation == r.conversation && existing.text == r.text
                    && (r.kind.isAction ? existing.kind == r.kind && existing.target == r.target : existing.topic == r.topic)
                guard same else {
                    outcome.rejected.append(RejectedMessage(clientID: r.clientID, token: item.token, reason:
                        "client id \(r.clientID) was already used for another message (\(existing.conversation) #\(existing.seq)); send it with a new id",
                        code: .conflict))
                    continue
                }
                outcome.committed.append(CommittedMessage(message: existing, duplicate: true, token: item.token))
                continue
            }
            if let refusal = Self.unstorable(r) {
                outcome.rejected.append(RejectedMessage(clientID: r.clientID, token: item.token, reason: refusal, code: .badFrame))
                continue
            }
            var erased: [String] = []
            if r.target != nil {
                // Actions and replies (rare) read their target, which may be among the rows not written
                // yet: those go first. A retried action must not act twice (a reaction would toggle back).
                if !fresh.isEmpty {
                    inserted += try await insert(fresh, at: now)
                    expected += fresh.rows.count
                    fresh = FreshMessages()
                }
                if !lookUpRetries, let row = try await db.first("""
                    SELECT \(unescaped: PostgresStore.messageColumns) FROM messages WHERE sender = \(key.sender) AND client_id = \(key.clientID)
                    """, as: PostgresStore.MessageRow.self, logger) {
                    let existing = PostgresStore.message(row)
                    guard existing.conversation == r.conversation, existing.kind == r.kind, existing.target == r.target, existing.text == r.text else {
                        outcome.rejected.append(RejectedMessage(clientID: r.clientID, token: item.token, reason:
                            "client id \(r.clientID) was already used for another message (\(existing.conversation) #\(existing.seq)); send it with a new id",
                            code: .conflict))
                        continue
                    }
                    outcome.committed.append(CommittedMessage(message: existing, duplicate: true, token: item.token))
                    continue
                }
                switch try await PostgresMessageActions.apply(&r, seq: previous + 1, terms: item.terms, at: now, db, logger) {
                case .refused(let code, let reason):
                    outcome.rejected.append(RejectedMessage(clientID: r.clientID, token: item.token, reason: reason, code: code))
                    continue
                case .applied(let texts):
                    erased = texts
                }
            }
            var message = ChatMessage(r, seq: previous + 1, at: now)
            if !r.attachments.isEmpty {
                // Checked and attached in this transaction: a crash leaves both or neither.
                if !lookUpRetries, let retried = try await storedMessage(r) {
                    stored[key] = retried
                    outcome.committed.append(CommittedMessage(message: retried, duplicate: true, token: item.token))
                    continue
                }
                switch try await attachable(r, claimed: fresh.claimed) {
                case .failure(let refusal):
                    outcome.rejected.append(RejectedMessage(clientID: r.clientID, token: item.token, reason: refusal.reason, code: refusal.code))
                    continue
                case .success(let references): message.attachments = references
                }
            }
            last[r.conversation] = message.seq
            stored[key] = message
            fresh.append(message, terms: r.kind.isAction ? nil : item.terms)
            outcome.committed.append(CommittedMessage(message: message, duplicate: false, token: item.token, erased: erased))
            outcome.highest[r.conversation] = message.seq
        }
        if !fresh.isEmpty {
            inserted += try await insert(fresh, at: now)
            expected += fresh.rows.count
        }
        // A client id was already stored (a retry, when not looked up), or another node inserted
        // one after the look-up (into another conversation: this one's lock kept it out of these).
        // A skipped row would leave a gap: the batch is written again.
        if inserted != Int64(expected) { throw SkippedRows() }
        return outcome
    }

    /// Inserts new messages; returns how many rows were inserted.
    private func insert(_ fresh: FreshMessages, at now: Int64) async throws -> Int64 {
        // Messages, their search terms (in the same transaction: a search never misses an acked
        // message) and the conversations' numbers, in one statement. The rows travel as one JSON
        // parameter: encoding a dozen bound arrays cost the writer more than the insert itself.
        let count = try await db.value("""
            WITH batch AS MATERIALIZED (
                SELECT * FROM ROWS FROM (json_to_recordset(\(fresh.json())::json) AS (
                    c text, s bigint, t text, u text, n text, i text, x text, l text, k text, p text, g bigint, a text, terms text))
                WITH ORDINALITY AS b(c, s, t, u, n, i, x, l, k, p, g, a, terms, position)),
            inserted AS (
                INSERT INTO messages(conversation, seq, topic, sender, sender_name, client_id, text, lang, kind, at, payload, target, attachments)
                SELECT c, s, t, u, n, i, x, l, k, \(now), p, g, a FROM batch
                ON CONFLICT (sender, client_id) DO NOTHING
                RETURNING 1),
            indexed AS (
                INSERT INTO message_search(conversation, seq, terms)
                SELECT c, s, to_tsvector('simple', terms) FROM batch WHERE terms IS NOT NULL ORDER BY position),
            numbered AS (
                UPDATE conversations SET last_seq = newest.s
                FROM (SELECT c, max(s) AS s FROM batch GROUP BY c) AS newest
                WHERE conversations.id = newest.c)
            SELECT count(*) FROM inserted
            """, as: Int64.self, logger) ?? 0
        if !fresh.attaching.isEmpty {
            try await db.run("""
                UPDATE files SET message_seq = x.s FROM unnest(\(fresh.attaching.map(\.file))::text[], \(fresh.attaching.map(\.seq))::bigint[]) AS x(f, s)
                WHERE files.id = x.f
                """, logger)
        }
        return count
    }

    /// A message already stored under `r`'s sender and client id (a retry), read when the batch did not look retries up.
    private func storedMessage(_ r: OutgoingMessage) async throws -> ChatMessage? {
        try await db.first("""
            SELECT \(unescaped: PostgresStore.messageColumns) FROM messages WHERE sender = \(r.sender.description) AND client_id = \(r.clientID)
            """, as: PostgresStore.MessageRow.self, logger).map(PostgresStore.message)
    }

    /// The files `r` names as the message will carry them, or why they are refused (`AttachmentRule`).
    /// The rows are locked until the commit, so two nodes cannot attach one file twice.
    private func attachable(_ r: OutgoingMessage, claimed: Set<String>) async throws -> Result<[FileReference], AttachmentRule.Refusal> {
        var found: [String: StoredFile] = [:]
        for row in try await db.all("SELECT \(unescaped: PostgresStore.fileColumns) FROM files WHERE id = ANY(\(r.attachments)) FOR UPDATE",
                                    as: PostgresStore.FileRow.self, logger) {
            found[row.0] = PostgresStore.file(row)
        }
        return AttachmentRule.references(for: r, found: found, claimed: claimed)
    }

    /// Why PostgreSQL cannot store a message that SQLite would; nil if it can.
    static func unstorable(_ r: OutgoingMessage) -> String? {
        let fields = [r.text, r.topic ?? "", r.senderName, r.clientID, r.payload ?? ""]
        guard fields.contains(where: { $0.utf8.contains(0) }) else { return nil }
        return "the message holds the character U+0000 (NUL), which the store cannot keep; remove it and send again"
    }

    // MARK: Meetings

    /// Appends utterances inside the batch's transaction: numbered in arrival order per meeting
    /// (under the meeting's row lock), refused unless the meeting is live, stored once per client id.
    private func write(_ writes: [MeetingWrite]) async throws -> [Result<Int64, StoreError>] {
        guard !writes.isEmpty else { return [] }
        var results: [Result<Int64, StoreError>] = []
        var counts: [String: Int64] = [:]
        var ended: Set<String> = []
        let now = StoreClock.now()
        for write in writes {
            let u: UtteranceAppend
            switch write {
            case .utterance(let utterance):
                u = utterance
            case .end(let meeting):
                try await db.run("UPDATE meetings SET state = 'ended', ended_at = \(now) WHERE id = \(meeting) AND state = 'live'", logger)
                let stored = try await db.value("SELECT utterance_count FROM meetings WHERE id = \(meeting)", as: Int64.self, logger)
                ended.insert(meeting)
                results.append(stored.map { .success(max($0, counts[meeting] ?? 0)) } ?? .failure(StoreError(.notFound, "no meeting \(meeting)")))
                continue
            }
            if ended.contains(u.meeting) {
                results.append(.failure(StoreError(.refused, "meeting \(u.meeting) is not open")))
                continue
            }
            let count: Int64
            if let known = counts[u.meeting] {
                count = known
            } else {
                guard let row = try await db.first("SELECT state, utterance_count FROM meetings WHERE id = \(u.meeting) FOR UPDATE",
                                                   as: (String, Int64).self, logger),
                      row.0 == Meeting.State.live.rawValue else {
                    results.append(.failure(StoreError(.refused, "meeting \(u.meeting) is not open")))
                    continue
                }
                count = row.1
            }
            let inserted = try await db.value("""
                INSERT INTO meeting_utterances(meeting, n, client_id, speaker, text, start, "end", at)
                VALUES (\(u.meeting), \(count + 1), \(u.clientID), \(u.speaker), \(u.text), \(u.start), \(u.end), \(now))
                ON CONFLICT (meeting, client_id) WHERE client_id IS NOT NULL DO NOTHING RETURNING 1
                """, as: Int32.self, logger) != nil
            if !inserted {
                let stored = try await db.value("SELECT n FROM meeting_utterances WHERE meeting = \(u.meeting) AND client_id = \(u.clientID)",
                                                as: Int64.self, logger)
                results.append(stored.map { .success($0) } ?? .failure(StoreError(.conflict, "could not store the utterance: conflict")))
                counts[u.meeting] = count
                continue
            }
            counts[u.meeting] = count + 1
            results.append(.success(count + 1))
        }
        for (meeting, count) in counts.sorted(by: { $0.key < $1.key }) {
            try await db.run("UPDATE meetings SET utterance_count = \(count), last_activity = \(now) WHERE id = \(meeting)", logger)
        }
        return results
    }
}

/// The new messages of a batch, as the JSON rows the insert reads (`json_to_recordset`; an
/// absent key is NULL).
struct FreshMessages {
    struct Row: Encodable {
        var c: String
        var s: Int64
        var t: String?
        var u: String
        var n: String
        var i: String
        var x: String
        var l: String
        var k: String
        var p: String?
        /// The target of an action, or the message a reply answers.
        var g: Int64?
        /// Attachments JSON (`FileReference.json`), nil for a plain message.
        var a: String?
        var terms: String?
    }

    var rows: [Row] = []
    /// Files the batch's messages attach, and to which message.
    var attaching: [(file: String, seq: Int64)] = []
    var claimed: Set<String> { Set(attaching.map(\.file)) }
    var isEmpty: Bool { rows.isEmpty }

    mutating func append(_ m: ChatMessage, terms: String?) {
        let a = m.attachments.isEmpty ? nil : String(decoding: FileReference.json(m.attachments), as: UTF8.self)
        rows.append(Row(c: m.conversation, s: m.seq, t: m.topic, u: m.sender.description, n: m.senderName, i: m.clientID,
                        x: m.text, l: m.language.code, k: m.kind.rawValue, p: m.payload, g: m.target, a: a, terms: terms))
        for file in m.attachments { attaching.append((file.id, m.seq)) }
    }

    func json() throws -> String {
        String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }
}
