import Logging
import ParleyDomain
import ParleyStore
import Synchronization

/// Reads what arriving users' `welcome` needs, many users per store read.
///
/// After a node restarts, its clients come back within a second. One read per user (three, before
/// this) made the store the bottleneck of the reconnect storm; here a user who arrives while a
/// read is running waits for the next one, which takes everybody queued by then (up to
/// `batchLimit`). A user arriving alone is read at once, with no added delay.
final class ArrivalReader: Sendable {
    private typealias Waiter = (user: UserRef, continuation: CheckedContinuation<UserArrival?, Never>)
    private struct Queue {
        var waiting: [Waiter] = []
        var reading = false
    }

    /// At most this many users per read, so one read stays short (a few milliseconds).
    static let batchLimit = 512

    private let store: any Store
    private let queue = Mutex(Queue())
    private let logger: Logger

    init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The user's welcome data, or nil when the store read failed.
    func arrival(of user: UserRef) async -> UserArrival? {
        await withCheckedContinuation { continuation in
            let start = queue.withLock { queue -> Bool in
                queue.waiting.append((user, continuation))
                defer { queue.reading = true }
                return !queue.reading
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Reads batch after batch until nobody waits.
    private func drain() async {
        while true {
            let batch = queue.withLock { queue -> [Waiter] in
                let taken = Array(queue.waiting.prefix(Self.batchLimit))
                queue.waiting.removeFirst(taken.count)
                if taken.isEmpty { queue.reading = false }
                return taken
            }
            if batch.isEmpty { return }
            var users = Set<UserRef>()
            for waiter in batch { users.insert(waiter.user) }
            do {
                let found = try await store.arrivals(of: Array(users))
                for waiter in batch { waiter.continuation.resume(returning: found[waiter.user]) }
            } catch {
                logger.error("could not read arriving users' conversations and settings",
                             metadata: ["store.error": "\(error)", "store.users": "\(users.count)"])
                for waiter in batch { waiter.continuation.resume(returning: nil) }
            }
        }
    }
}
