import Foundation
import Logging
import ParleyStore
import PostgresNIO
import Synchronization

/// Other nodes' hints: `LISTEN` on a connection of its own (never the pool's: a pooled connection
/// is handed to others and closed when idle), turned into `StoreEvent`s. This node's own
/// notifications are dropped. When the connection drops it reconnects with backoff (0.1 s,
/// doubling, at most 2 s) and, once listening again, yields `.resynchronize`: hints sent
/// meanwhile are lost, and the receiver compares `Store.marks()` with what it delivered.
final class PostgresListener: Sendable {
    private struct State {
        var task: Task<Void, Never>?
        var connection: PostgresConnection?
        var listening = false
        var stopped = false
        /// `open` waits for the first LISTEN, so that a store is listening once open returns.
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    let events: AsyncStream<StoreEvent>
    private let continuation: AsyncStream<StoreEvent>.Continuation
    private let endpoint: PostgresEndpoint
    private let node: String
    private let logger: Logger
    private let metrics: BusMetrics
    private let timings: PostgresTimings
    private let state = Mutex(State())
    static let firstBackoff = 0.1
    static let longestBackoff = 2.0


    init(endpoint: PostgresEndpoint, node: String, metrics: BusMetrics, timings: PostgresTimings = .standard, logger: Logger) {
        self.endpoint = endpoint
        self.timings = timings
        self.node = node
        self.metrics = metrics
        self.logger = logger
        // Hints are small and a slow consumer catches up with `marks()`; the newest are kept.
        (events, continuation) = AsyncStream.makeStream(of: StoreEvent.self, bufferingPolicy: .bufferingNewest(16_384))
    }

    func start() {
        let task = Task { await self.run() }
        state.withLock { $0.task = task }
    }

    /// Waits until the first LISTEN succeeded, or `timeout` passed.
    func waitUntilListening(timeout: Duration) async {
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.wakeWaiters()
        }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.listening || s.stopped { return true }
                s.waiters.append(waiter)
                return false
            }
            if now { waiter.resume() }
        }
        timer.cancel()
    }

    /// Stops listening and ends `events`.
    func stop() async {
        let (task, connection) = state.withLock { s -> (Task<Void, Never>?, PostgresConnection?) in
            s.stopped = true
            return (s.task, s.connection)
        }
        task?.cancel()
        try? await connection?.close()
        await task?.value
        wakeWaiters()
        continuation.finish()
    }

    private func wakeWaiters() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func run() async {
        var backoff = Self.firstBackoff
        while !Task.isCancelled {
            do {
                let connection = try await endpoint.connect(logger: logger, purpose: "notification")
                let stopped = state.withLock { s -> Bool in
                    if !s.stopped { s.connection = connection }
                    return s.stopped
                }
                if stopped {
                    try? await connection.close()
                    return
                }
                try await listen(on: connection) {
                    backoff = Self.firstBackoff
                    self.state.withLock { $0.listening = true }
                    self.wakeWaiters()
                    self.continuation.yield(.resynchronize)
                }
            } catch {
                if Task.isCancelled { break }
                logger.warning("store notifications lost; reconnecting",
                               metadata: ["store.error": "\(PostgresFailure.words(error))", "store.retry_seconds": "\(backoff)"])
            }
            let connection = state.withLock { s -> PostgresConnection? in
                defer { s.connection = nil }
                return s.connection
            }
            try? await connection?.close()
            if Task.isCancelled { break }
            try? await Task.sleep(for: .seconds(backoff))
            backoff = min(backoff * 2, Self.longestBackoff)
            metrics.reconnects.increment()
        }
    }

    /// LISTENs on every channel, calls `ready`, then forwards notifications until the connection
    /// ends (it always throws when it does).
    private func listen(on connection: PostgresConnection, ready: () -> Void) async throws {
        try await connection.listen(on: BusChannel.commits.rawValue) { commits in
        try await connection.listen(on: BusChannel.directory.rawValue) { directory in
        try await connection.listen(on: BusChannel.minutes.rawValue) { minutes in
        try await connection.listen(on: BusChannel.users.rawValue) { users in
            ready()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (channel, notifications) in [(BusChannel.commits, commits), (.directory, directory), (.minutes, minutes), (.users, users)] {
                    group.addTask {
                        for try await notification in notifications { self.received(notification.payload, on: channel) }
                        throw StoreError(.database, "the notification connection closed")
                    }
                }
                group.addTask {
                    try await connection.closeFuture.get()
                    throw StoreError(.database, "the notification connection closed")
                }
                group.addTask { try await self.beat(connection) }
                // Whichever ends first, the connection goes: the group then waits for its
                // other tasks, and the close-watcher ends only with the connection.
                defer {
                    group.cancelAll()
                    let _: EventLoopFuture<Void> = connection.close()
                }
                try await group.next()
            }
        }
        }
        }
        }
    }

    /// A connection cut without a word (a dead peer, a dropped route) would listen forever and
    /// hear nothing; a query every `timings.heartbeatInterval` notices, and ends the connection.
    private func beat(_ connection: PostgresConnection) async throws {
        let logger = self.logger
        while true {
            try await Task.sleep(for: timings.heartbeatInterval)
            let answered = await Deadline.race(timings.heartbeatTimeout) {
                (try? await connection.query("SELECT 1", logger: logger).collect()) != nil
            }
            guard answered == true else { throw StoreError(.database, "the notification connection stopped answering") }
        }
    }

    private func received(_ payload: String, on channel: BusChannel) {
        guard let message = BusPayload(parsing: payload), message.node != node else { return }
        metrics.received.increment()
        for event in message.events(on: channel) { continuation.yield(event) }
    }
}
