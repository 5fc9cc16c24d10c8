import Foundation
import GRDB
import Logging
import Metrics
import ParleyDomain
import Synchronization

/// Group commit: one thread takes every append waiting, writes them in one transaction, and
/// reports the batch. Sequence numbers are assigned inside that transaction, so they are
/// gap-free and in commit order; a retried client id returns the stored message.
public final class MessageWriter: Sendable {
    public typealias Completion = @Sendable ([CommittedMessage], [RejectedMessage]) -> Void

    private struct Pending: Sendable {
        var request: OutgoingMessage
        var token: UInt64
    }

    private struct State {
        var queue: [Pending] = []
        var stopping = false
        var stopped = false
    }

    private let store: Store
    private let onCommit: Completion
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let commitTimer = Metrics.Timer(label: "parley_store_commit_seconds")
    private let batchSize = Recorder(label: "parley_store_batch_messages")

    public init(store: Store, onCommit: @escaping Completion) {
        self.store = store
        self.onCommit = onCommit
        let thread = Thread { [self] in self.loop() }
        thread.name = "parley-writer"
        thread.start()
    }

    /// Queues one message. Thread-safe; returns at once.
    public func append(_ request: OutgoingMessage, token: UInt64) {
        append(contentsOf: [(request, token)])
    }

    /// Queues messages that arrived together; they are committed in the same transaction unless
    /// the batch limit splits them. Thread-safe; returns at once.
    public func append(contentsOf batch: [(OutgoingMessage, token: UInt64)]) {
        guard !batch.isEmpty else { return }
        let accepted = state.withLock { s -> Bool in
            guard !s.stopping else { return false }
            let wasEmpty = s.queue.isEmpty
            for (request, token) in batch { s.queue.append(Pending(request: request, token: token)) }
            return wasEmpty
        }
        if accepted { wake.signal() }
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
                let (batch, stopping) = state.withLock { s -> ([Pending], Bool) in
                    let n = min(s.queue.count, store.configuration.maxBatch)
                    let batch = Array(s.queue.prefix(n))
                    s.queue.removeFirst(n)
                    return (batch, s.stopping)
                }
                if batch.isEmpty {
                    if stopping { finished.signal(); return }
                    break
                }
                write(batch)
            }
        }
    }

    private func write(_ batch: [Pending]) {
        let start = DispatchTime.now().uptimeNanoseconds
        var outcomes: [CommittedMessage] = []
        var failures: [RejectedMessage] = []
        do {
            try store.pool.write { db in
                outcomes.removeAll(keepingCapacity: true)
                failures.removeAll(keepingCapacity: true)
                var lastSeq: [String: Int64] = [:]
                let findExisting = try db.cachedStatement(sql: "SELECT * FROM messages WHERE sender = ? AND client_id = ?")
                // The idempotency index answers "seen this client id?" during the insert itself; only
                // a retry (no row inserted) pays for reading the stored message back.
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO messages(conversation, seq, topic, sender, sender_name, client_id, text, lang, kind, at, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(sender, client_id) DO NOTHING
                    """)
                let now = Store.now()
                for item in batch {
                    let r = item.request
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
                    try insert.execute(arguments: [r.conversation, seq, r.topic, sender, r.senderName, r.clientID,
                                                   r.text, r.language.code, r.kind.rawValue, now, r.payload])
                    if db.changesCount == 0 {
                        guard let row = try Row.fetchOne(findExisting, arguments: [sender, r.clientID]) else {
                            failures.append(RejectedMessage(clientID: r.clientID, token: item.token, reason: "could not store: conflict"))
                            continue
                        }
                        outcomes.append(CommittedMessage(message: Store.message(row), duplicate: true, token: item.token))
                        continue
                    }
                    lastSeq[r.conversation] = seq
                    outcomes.append(CommittedMessage(message: ChatMessage(r, seq: seq, at: now), duplicate: false, token: item.token))
                }
                let update = try db.cachedStatement(sql: "UPDATE conversations SET last_seq = ? WHERE id = ?")
                for (conversation, seq) in lastSeq { try update.execute(arguments: [seq, conversation]) }
            }
        } catch {
            store.logger.error("store.write failed", metadata: ["store.error": "\(error)", "store.batch": "\(batch.count)"])
            outcomes = []
            failures = batch.map { RejectedMessage(clientID: $0.request.clientID, token: $0.token, reason: "could not store: \(error)") }
        }
        commitTimer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
        batchSize.record(batch.count)
        onCommit(outcomes, failures)
    }
}
