import Foundation
import GRDB
import Logging
import Metrics
import ParleyDomain
import ParleyStore
import Synchronization

/// Group commit: one thread takes every append waiting, writes them in one transaction, and
/// reports the batch. Sequence numbers are assigned inside that transaction, so they are
/// gap-free and in commit order; a retried client id returns the stored message.
public final class SQLiteWriter: MessageWriting {

    private struct Pending: Sendable {
        var request: OutgoingMessage
        var token: UInt64
    }

    private struct PendingUtterance: Sendable {
        var request: MeetingWrite
        var completion: UtteranceCompletion
    }

    private struct State {
        var queue: [Pending] = []
        var utterances: [PendingUtterance] = []
        var stopping = false
        var stopped = false
    }

    private let store: SQLiteStore
    private let onCommit: Completion
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let commitTimer = Metrics.Timer(label: "parley_store_commit_seconds")
    private let batchSize = Recorder(label: "parley_store_batch_messages")

    public init(store: SQLiteStore, onCommit: @escaping Completion) {
        self.store = store
        self.onCommit = onCommit
        let thread = Thread { [self] in self.loop() }
        thread.name = "parley-writer"
        thread.start()
    }

    /// Queues messages that arrived together; they are committed in the same transaction unless
    /// the batch limit splits them. Thread-safe; returns at once.
    public func append(contentsOf batch: [(OutgoingMessage, token: UInt64)]) {
        guard !batch.isEmpty else { return }
        let pending = batch.map { request, token in Pending(request: request, token: token) }
        let accepted = state.withLock { s -> Bool in
            guard !s.stopping else { return false }
            let wasEmpty = s.queue.isEmpty && s.utterances.isEmpty
            s.queue.append(contentsOf: pending)
            return wasEmpty
        }
        if accepted { wake.signal() }
    }

    /// Queues a meeting write; it is committed with the next batch, and `completion` runs after the
    /// commit (or the refusal: the meeting is not live, or the write failed).
    public func append(_ write: MeetingWrite, completion: @escaping UtteranceCompletion) {
        let accepted = state.withLock { s -> Bool? in
            guard !s.stopping else { return nil }
            let wasEmpty = s.queue.isEmpty && s.utterances.isEmpty
            s.utterances.append(PendingUtterance(request: write, completion: completion))
            return wasEmpty
        }
        switch accepted {
        case nil: completion(.failure(StoreError(.refused, "the daemon is stopping; send the utterance again after it restarts")))
        case true?: wake.signal()
        case false?: break
        }
    }

    /// Writes what is queued, then stops the thread. Blocks until done.
    public func stop() {
        let already = state.withLock { s -> Bool in
            defer { s.stopping = true }
            return s.stopping
        }
        if already { return }
        wake.signal()
        finished.wait()
    }

    private func loop() {
        while true {
            wake.wait()
            while true {
                let (batch, utterances, stopping) = state.withLock { s -> ([Pending], [PendingUtterance], Bool) in
                    let n = min(s.queue.count, store.configuration.maxBatch)
                    let batch = Array(s.queue.prefix(n))
                    s.queue.removeFirst(n)
                    let u = min(s.utterances.count, store.configuration.maxBatch)
                    let utterances = Array(s.utterances.prefix(u))
                    s.utterances.removeFirst(u)
                    return (batch, utterances, s.stopping)
                }
                if batch.isEmpty && utterances.isEmpty {
                    if stopping { finished.signal(); return }
                    break
                }
                write(batch, utterances)
            }
        }
    }

    private func write(_ batch: [Pending], _ utterances: [PendingUtterance]) {
        let start = DispatchTime.now().uptimeNanoseconds
        var outcomes: [CommittedMessage] = []
        var failures: [RejectedMessage] = []
        var noted: [Result<Int64, StoreError>] = []
        var handOver: [SQLiteSearchIndex.Entry] = []
        var revisions: [SQLiteSearchIndex.Entry] = []
        do {
            try store.pool.write { db in
                outcomes.removeAll(keepingCapacity: true)
                failures.removeAll(keepingCapacity: true)
                revisions.removeAll()
                noted = try Self.insert(utterances.map(\.request), db)
                var lastSeq: [String: Int64] = [:]
                let findExisting = try db.cachedStatement(sql: "SELECT * FROM messages WHERE sender = ? AND client_id = ?")
                // The idempotency index answers "seen this client id?" during the insert itself; only
                // a retry (no row inserted) pays for reading the stored message back.
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO messages(conversation, seq, topic, sender, sender_name, client_id, text, lang, kind, at, payload, target, index_position,
                                         attachments)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(sender, client_id) DO NOTHING
                    """)
                let now = StoreClock.now()
                // Positions are numbered here (the newest is the rowid table's right edge) so that each
                // message row records its own: an edit or a deletion finds its index row from it.
                var nextPosition: Int64 = store.searchIndex == nil ? 0
                    : (try Int64.fetchOne(db, sql: "SELECT MAX(position) FROM message_positions") ?? 0) + 1
                // The batch's new messages, numbered for the search index after all of them (see below).
                var positioned: [(message: OutgoingMessage, seq: Int64)] = []
                positioned.reserveCapacity(batch.count)
                handOver.removeAll(keepingCapacity: true)
                for item in batch {
                    var r = item.request
                    let sender = r.sender.description
                    let seq: Int64
                    if let known = lastSeq[r.conversation] {
                        seq = known + 1
                    } else if let stored = try Int64.fetchOne(db, sql: "SELECT last_seq FROM conversations WHERE id = ?",
                                                              arguments: [r.conversation]) {
                        seq = stored + 1
                    } else {
                        failures.append(RejectedMessage(clientID: r.clientID, token: item.token, reason: "no conversation \(r.conversation)"))
                        continue
                    }
                    // A retry is the same message; the same id for another one is the client's mistake.
                    func retried(_ row: Row) {
                        let stored = SQLiteStore.message(row)
                        let same = stored.conversation == r.conversation && stored.text == r.text && stored.kind == r.kind
                            && (r.kind.isAction ? stored.target == r.target : stored.topic == r.topic)
                        guard same else {
                            failures.append(RejectedMessage(clientID: r.clientID, token: item.token, reason:
                                "client id \(r.clientID) was already used for another message (\(stored.conversation) #\(stored.seq)); send it with a new id",
                                code: .conflict))
                            return
                        }
                        outcomes.append(CommittedMessage(message: stored, duplicate: true, token: item.token))
                    }
                    // Actions and replies (rare) read their target; plain messages skip all of this.
                    var revision: SQLiteSearchIndex.Entry?
                    var erased: [String] = []
                    if r.target != nil {
                        // A retried action must not act twice (a reaction would toggle back).
                        if let row = try Row.fetchOne(findExisting, arguments: [sender, r.clientID]) {
                            retried(row)
                            continue
                        }
                        switch try MessageActions.apply(&r, seq: seq, at: now, db, indexed: store.searchIndex != nil) {
                        case .refused(let code, let reason):
                            failures.append(RejectedMessage(clientID: r.clientID, token: item.token, reason: reason, code: code))
                            continue
                        case .applied(let revised, let texts):
                            revision = revised
                            erased = texts
                        }
                    }
                    // Files named by a new message (not a retry, which finds its stored row below) are
                    // checked and attached in this transaction: a crash leaves both or neither.
                    var attached: [FileReference] = []
                    if !r.attachments.isEmpty, try Row.fetchOne(findExisting, arguments: [sender, r.clientID]) == nil {
                        switch try Self.attachable(r, db) {
                        case .failure(let refusal):
                            failures.append(RejectedMessage(clientID: r.clientID, token: item.token, reason: refusal.reason, code: refusal.code))
                            continue
                        case .success(let references): attached = references
                        }
                    }
                    let position: Int64? = store.searchIndex == nil || r.kind.isAction ? nil : nextPosition
                    try insert.execute(arguments: [r.conversation, seq, r.topic, sender, r.senderName, r.clientID,
                                                   r.text, r.language.code, r.kind.rawValue, now, r.payload, r.target, position,
                                                   attached.isEmpty ? nil : String(decoding: FileReference.json(attached), as: UTF8.self)])
                    if db.changesCount == 0 {
                        guard let row = try Row.fetchOne(findExisting, arguments: [sender, r.clientID]) else {
                            failures.append(RejectedMessage(clientID: r.clientID, token: item.token, reason: "could not store: conflict"))
                            continue
                        }
                        retried(row)
                        continue
                    }
                    lastSeq[r.conversation] = seq
                    if let revision { revisions.append(revision) }
                    if position != nil {
                        nextPosition += 1
                        positioned.append((r, seq))
                    }
                    var message = ChatMessage(r, seq: seq, at: now)
                    if !attached.isEmpty {
                        message.attachments = attached
                        let attach = try db.cachedStatement(sql: "UPDATE files SET message_seq = ? WHERE id = ?")
                        for file in attached { try attach.execute(arguments: [seq, file.id]) }
                    }
                    outcomes.append(CommittedMessage(message: message, duplicate: false, token: item.token, erased: erased))
                }
                // In the same transaction, each new message's position: the search index's thread
                // indexes them from there (`SQLiteSearchIndex`), and a search waits for it to reach the
                // newest position, so it never misses an acked message. One run of inserts after the
                // messages rather than one after each keeps each B-tree in the caches for its run.
                if store.searchIndex != nil, !positioned.isEmpty {
                    let position = try db.cachedStatement(sql: "INSERT INTO message_positions(conversation, seq) VALUES (?, ?)")
                    for (r, seq) in positioned {
                        try position.execute(arguments: [r.conversation, seq])
                        handOver.append(SQLiteSearchIndex.Entry(position: db.lastInsertedRowID, conversation: r.conversation,
                                                                text: r.text, language: r.language))
                    }
                }
                let update = try db.cachedStatement(sql: "UPDATE conversations SET last_seq = ? WHERE id = ?")
                for (conversation, seq) in lastSeq { try update.execute(arguments: [seq, conversation]) }
            }
        } catch {
            store.logger.error("store.write failed", metadata: ["store.error": "\(error)", "store.batch": "\(batch.count)"])
            outcomes = []
            handOver = []
            revisions = []
            failures = batch.map { RejectedMessage(clientID: $0.request.clientID, token: $0.token, reason: "could not store: \(error)") }
            noted = utterances.map { _ in .failure(StoreError(.database, "could not store the utterance: \(error)")) }
        }
        commitTimer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
        batchSize.record(batch.count)
        // After the commit: the index thread indexes these texts without reading them back.
        store.searchIndex?.committed(handOver)
        if !revisions.isEmpty { store.searchIndex?.revise(revisions) }
        if !batch.isEmpty { onCommit(outcomes, failures) }
        for (pending, result) in zip(utterances, noted) { pending.completion(result) }
    }

    /// The files `r` names as the message will carry them, or why they are refused (`AttachmentRule`).
    private static func attachable(_ r: OutgoingMessage, _ db: Database) throws -> Result<[FileReference], AttachmentRule.Refusal> {
        var found: [String: StoredFile] = [:]
        let select = try db.cachedStatement(sql: "SELECT * FROM files WHERE id = ?")
        for id in r.attachments {
            if let row = try Row.fetchOne(select, arguments: [id]) { found[id] = SQLiteStore.file(row) }
        }
        return AttachmentRule.references(for: r, found: found)
    }

    /// Appends utterances inside the batch's transaction: numbered in arrival order per meeting,
    /// refused unless the meeting is live, and stored once per client id.
    private static func insert(_ writes: [MeetingWrite], _ db: Database) throws -> [Result<Int64, StoreError>] {
        guard !writes.isEmpty else { return [] }
        var results: [Result<Int64, StoreError>] = []
        var counts: [String: Int64] = [:]
        var ended: Set<String> = []
        let now = StoreClock.now()
        let insert = try db.cachedStatement(sql: """
            INSERT INTO meeting_utterances(meeting, n, client_id, speaker, text, start, "end", at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(meeting, client_id) WHERE client_id IS NOT NULL DO NOTHING
            """)
        for write in writes {
            let u: UtteranceAppend
            switch write {
            case .utterance(let utterance):
                u = utterance
            case .end(let meeting):
                try db.execute(sql: "UPDATE meetings SET state = 'ended', ended_at = ? WHERE id = ? AND state = 'live'", arguments: [now, meeting])
                let stored = try Int64.fetchOne(db, sql: "SELECT utterance_count FROM meetings WHERE id = ?", arguments: [meeting])
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
                guard let row = try Row.fetchOne(db, sql: "SELECT state, utterance_count FROM meetings WHERE id = ?", arguments: [u.meeting]),
                      (row["state"] as String) == Meeting.State.live.rawValue else {
                    results.append(.failure(StoreError(.refused, "meeting \(u.meeting) is not open")))
                    continue
                }
                count = row["utterance_count"]
            }
            try insert.execute(arguments: [u.meeting, count + 1, u.clientID, u.speaker, u.text, u.start, u.end, now])
            if db.changesCount == 0 {
                let stored = try Int64.fetchOne(db, sql: "SELECT n FROM meeting_utterances WHERE meeting = ? AND client_id = ?",
                                                arguments: [u.meeting, u.clientID])
                results.append(stored.map { .success($0) } ?? .failure(StoreError(.conflict, "could not store the utterance: conflict")))
                counts[u.meeting] = count
                continue
            }
            counts[u.meeting] = count + 1
            results.append(.success(count + 1))
        }
        let update = try db.cachedStatement(sql: "UPDATE meetings SET utterance_count = ?, last_activity = ? WHERE id = ?")
        for (meeting, count) in counts { try update.execute(arguments: [count, now, meeting]) }
        return results
    }
}
