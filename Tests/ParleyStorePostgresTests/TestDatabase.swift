import Foundation
import Logging
import ParleyDomain
import ParleyStore
@testable import ParleyStorePostgres
import Synchronization
import Testing

/// A database of its own for each test, on the server `scripts/throwaway-postgres` starts.
enum TestDatabase {
    static let logger = Logger(label: "parley.test.postgres")

    /// The URL of a new, empty database. Fails the test when no server was provided: these tests
    /// never pass without having run.
    static func make() async throws -> String {
        let base = try #require(ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_URL"], """
            PARLEY_TEST_POSTGRES_URL is not set: run these tests under scripts/throwaway-postgres, \
            e.g. scripts/throwaway-postgres swift test --filter ParleyStorePostgresTests
            """)
        return try await PostgresStore.createDatabase(besides: base, logger: logger)
    }

    static func open(_ url: String, searchText: SearchText? = nil) async throws -> PostgresStore {
        try await PostgresStore.open(PostgresConfiguration(url: url), searchText: searchText, logger: logger)
    }
}

/// Collects a writer's outcomes and waits for a number of them.
final class Outcomes: Sendable {
    private let state = Mutex<(committed: [CommittedMessage], rejected: [RejectedMessage])>(([], []))
    private let reports = Mutex(0)
    private let totals: AsyncStream<Int>
    private let continuation: AsyncStream<Int>.Continuation

    init() { (totals, continuation) = AsyncStream.makeStream(of: Int.self) }

    func add(_ committed: [CommittedMessage], _ rejected: [RejectedMessage]) {
        reports.withLock { $0 += 1 }
        let total = state.withLock { s -> Int in
            s.committed += committed
            s.rejected += rejected
            return s.committed.count + s.rejected.count
        }
        continuation.yield(total)
    }

    /// Waits until `count` outcomes arrived (one waiter at a time).
    func wait(for count: Int) async {
        for await total in totals where total >= count { return }
    }

    /// How many batches reported.
    var batches: Int { reports.withLock { $0 } }

    var committed: [CommittedMessage] { state.withLock { $0.committed }.sorted { $0.token < $1.token } }
    var rejected: [RejectedMessage] { state.withLock { $0.rejected }.sorted { $0.token < $1.token } }
}

/// Records a store's hints as they arrive (until the store closes).
final class Hints: Sendable {
    private let seen = Mutex<[StoreEvent]>([])

    init(_ store: PostgresStore) {
        guard let events = store.events else { return }
        Task { for await event in events { self.record(event) } }
    }

    private func record(_ event: StoreEvent) { seen.withLock { $0.append(event) } }

    var all: [StoreEvent] { seen.withLock { $0 } }

    /// Waits up to `seconds` for a hint that `matches`; returns whether one came.
    func wait(seconds: Double = 10, for matches: (StoreEvent) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if all.contains(where: matches) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return all.contains(where: matches)
    }
}

/// Messages and meeting writes through one writer, waiting for every outcome.
func append(_ store: PostgresStore, _ messages: [OutgoingMessage]) async -> Outcomes {
    let outcomes = Outcomes()
    let writer = store.makeWriter { outcomes.add($0, $1) }
    for (i, m) in messages.enumerated() { writer.append(m, token: UInt64(i)) }
    await outcomes.wait(for: messages.count)
    await writer.stop()
    return outcomes
}

func write(_ writer: any MessageWriting, _ write: MeetingWrite) async -> Result<Int64, StoreError> {
    await withCheckedContinuation { continuation in
        writer.append(write) { continuation.resume(returning: $0) }
    }
}

let alice = UserRef(id: "alice", tenant: "acme")
let bob = UserRef(id: "bob", tenant: "acme")
let carol = UserRef(id: "carol", tenant: "acme")

func message(_ conversation: String, _ id: String, text: String? = nil, from sender: UserRef = alice, topic: String? = nil) -> OutgoingMessage {
    OutgoingMessage(conversation: conversation, topic: topic, sender: sender, senderName: sender.id, clientID: id,
                    text: text ?? "text \(id)", language: .english)
}
