import Foundation
import Logging
import Metrics
import ParleyDomain
import ParleyStore
import PostgresNIO
import Synchronization

/// Group commit on PostgreSQL: one task takes every append waiting (at most `maxBatch`), writes
/// them in one transaction on the writer's own connection, and reports the batch after the commit,
/// in commit order. Sequence numbers are assigned under each conversation's row lock
/// (`SELECT ... FOR UPDATE`), so they are gap-free and in commit order whichever node writes; a
/// retried client id returns the stored message. After the commit, outside the transaction, one
/// notification tells the other nodes how far each conversation got.
public final class PostgresWriter: MessageWriting {
    struct Pending: Sendable {
        var request: OutgoingMessage
        var token: UInt64
        /// The message's search terms, cut on the caller's thread (the hub's shards, in parallel).
        var terms: String?
    }

    struct PendingMeetingWrite: Sendable {
        var request: MeetingWrite
        var completion: UtteranceCompletion
    }

    private struct State {
        var queue: [Pending] = []
        var meetingWrites: [PendingMeetingWrite] = []
        var stopping = false
        var loop: Task<Void, Never>?
    }

    let store: PostgresStore
    private let onCommit: Completion
    private let state = Mutex(State())
    private let wake: AsyncStream<Void>.Continuation
    private let commitTimer = Metrics.Timer(label: "parley_store_commit_seconds")
    private let batchSize = Recorder(label: "parley_store_batch_messages")

    init(store: PostgresStore, onCommit: @escaping Completion) {
        self.store = store
        self.onCommit = onCommit
        let (signals, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        let loop = Task { await self.run(signals) }
        state.withLock { $0.loop = loop }
    }

    /// Queues messages that arrived together; they are committed in the same transaction unless
    /// the batch limit splits them. Thread-safe; returns at once.
    public func append(contentsOf batch: [(OutgoingMessage, token: UInt64)]) {
        guard !batch.isEmpty else { return }
        let pending = batch.map { request, token in
            Pending(request: request, token: token,
                    terms: store.indexTerms(request.text, language: request.language, conversation: request.conversation))
        }
        let accepted = state.withLock { s -> Bool in
            guard !s.stopping else { return false }
            s.queue.append(contentsOf: pending)
            return true
        }
        if accepted {
            wake.yield()
        } else {
            onCommit([], pending.map { RejectedMessage(clientID: $0.request.clientID, token: $0.token,
                                                       reason: "the daemon is stopping; send the message again after it restarts") })
        }
    }

    /// Queues a meeting write; it is committed with the next batch, and `completion` runs after the
    /// commit (or the refusal: the meeting is not live, or the write failed).
    public func append(_ write: MeetingWrite, completion: @escaping UtteranceCompletion) {
        let accepted = state.withLock { s -> Bool in
            guard !s.stopping else { return false }
            s.meetingWrites.append(PendingMeetingWrite(request: write, completion: completion))
            return true
        }
        if accepted {
            wake.yield()
        } else {
            completion(.failure(StoreError(.refused, "the daemon is stopping; send the utterance again after it restarts")))
        }
    }

    /// Writes what is queued, then stops. Returns when done.
    public func stop() async {
        let loop = state.withLock { s -> Task<Void, Never>? in
            s.stopping = true
            return s.loop
        }
        wake.yield()
        wake.finish()
        await loop?.value
    }

    // MARK: The loop

    private func run(_ signals: AsyncStream<Void>) async {
        var connection: PostgresConnection?
        for await _ in signals { await drain(&connection) }
        await drain(&connection)
        try? await connection?.close()
    }

    /// Writes batches until the queue is empty.
    private func drain(_ connection: inout PostgresConnection?) async {
        let maxBatch = max(1, store.configuration.maxBatch)
        while true {
            let (batch, meetingWrites) = state.withLock { s -> ([Pending], [PendingMeetingWrite]) in
                let batch = Array(s.queue.prefix(maxBatch))
                s.queue.removeFirst(batch.count)
                let writes = Array(s.meetingWrites.prefix(maxBatch))
                s.meetingWrites.removeFirst(writes.count)
                return (batch, writes)
            }
            if batch.isEmpty && meetingWrites.isEmpty { return }
            await write(batch, meetingWrites, &connection)
        }
    }

    private func write(_ batch: [Pending], _ meetingWrites: [PendingMeetingWrite], _ connection: inout PostgresConnection?) async {
        let start = ContinuousClock.now
        var outcome: BatchOutcome
        do {
            let db: PostgresConnection
            if let open = connection, !open.isClosed {
                db = open
            } else {
                db = try await store.endpoint.connect(logger: store.logger, purpose: "writer")
                connection = db
            }
            outcome = try await commitWithinLimit(batch, meetingWrites, on: db)
        } catch {
            let words = PostgresFailure.words(error)
            store.logger.error("store.write failed", metadata: ["store.error": "\(words)", "store.batch": "\(batch.count)"])
            // The next batch starts on a new connection: this one may be broken or mid-transaction.
            try? await connection?.close()
            connection = nil
            let reason = "could not store: PostgreSQL at \(store.endpoint.place): \(words)"
            outcome = BatchOutcome(
                rejected: batch.map { RejectedMessage(clientID: $0.request.clientID, token: $0.token, reason: reason) },
                meetingResults: meetingWrites.map { _ in .failure(StoreError(.database, "could not store the utterance: \(words)")) })
        }
        commitTimer.recordNanoseconds(Int64((ContinuousClock.now - start) / .nanoseconds(1)))
        batchSize.record(batch.count)
        if !batch.isEmpty { onCommit(outcome.committed, outcome.rejected) }
        for (pending, result) in zip(meetingWrites, outcome.meetingResults) { pending.completion(result) }
        if !outcome.highest.isEmpty, let db = connection {
            await store.notify(.commits, outcome.highest.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }, on: db)
        }
    }

    /// Commits a batch within `timings.batchLimit`, or closes the connection and fails.
    private func commitWithinLimit(_ batch: [Pending], _ meetingWrites: [PendingMeetingWrite],
                                   on db: PostgresConnection) async throws -> BatchOutcome {
        let limit = store.timings.batchLimit
        let answer = await Deadline.race(limit) { () async -> Result<BatchOutcome, any Error> in
            do { return .success(try await self.commitRetryingRaces(batch, meetingWrites, on: db)) } catch { return .failure(error) }
        }
        guard let answer else {
            // Closing fails the statement in flight; the server rolls its transaction back.
            let _: EventLoopFuture<Void> = db.close()
            throw StoreError(.database, "PostgreSQL did not answer within \(limit)")
        }
        return try answer.get()
    }

    /// Commits a batch, first without looking up retried client ids (the common case: none). If
    /// the insert skipped a row (a retry, or another node storing the same client id meanwhile) or
    /// the server broke a deadlock, the batch is written again, looking client ids up first: the
    /// retry then answers as for any retry.
    private func commitRetryingRaces(_ batch: [Pending], _ meetingWrites: [PendingMeetingWrite],
                                     on db: PostgresConnection) async throws -> BatchOutcome {
        var attempt = 1
        while true {
            do {
                return try await db.transaction(store.logger) { db in
                    try await BatchTransaction(store: store, db: db).commit(batch, meetingWrites.map(\.request), lookUpRetries: attempt > 1)
                }
            } catch let error where attempt < 3 && (error is SkippedRows || PostgresFailure.sqlState(error) == PostgresFailure.deadlock) {
                attempt += 1
                store.logger.debug("store.write again", metadata: ["store.reason": "\(error is SkippedRows ? "client id already stored" : "deadlock")"])
            }
        }
    }
}

/// What one committed batch reports.
struct BatchOutcome: Sendable {
    var committed: [CommittedMessage] = []
    var rejected: [RejectedMessage] = []
    var meetingResults: [Result<Int64, StoreError>] = []
    /// The newest sequence number committed per conversation: the notification's entries.
    var highest: [String: Int64] = [:]
}

/// The insert skipped rows whose client id was already stored: the batch is written again.
struct SkippedRows: Error, CustomStringConvertible {
    var description: String { "another node stored one of these client ids at the same moment; send the messages again" }
}
