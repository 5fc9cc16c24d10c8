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

    func add(_ committed: [CommittedMessage], _ rejected: [RejectedMessage]) {
        reports.withLock { $0 += 1 }
        state.withLock { s in
            s.committed += committed
            s.rejected += rejected
        }
    }

    /// Waits until `count` outcomes arrived (one waiter at a time), or throws after `seconds`: a
    /// writer that stops reporting fails the test that waits for it instead of hanging the run.
    func wait(for count: Int, seconds: Double = 60) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if state.withLock({ $0.committed.count + $0.rejected.count }) >= count { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw DeadlineExceeded("\(count) writer outcomes within \(seconds) s; got \(committed.count + rejected.count)")
    }

    /// How many batches reported.
    var batches: Int { reports.withLock { $0 } }

    var committed: [CommittedMessage] { state.withLock { $0.committed }.sorted { $0.token < $1.token } }
    var rejected: [RejectedMessage] { state.withLock { $0.rejected }.sorted { $0.token < $1.token } }
}

/// A wait that ran out of time, naming what it waited for.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let description: String
    init(_ what: String) { description = "timed out waiting for " + what }
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
func append(_ store: PostgresStore, _ messages: [OutgoingMessage]) async throws -> Outcomes {
    let outcomes = Outcomes()
    let writer = store.makeWriter { outcomes.add($0, $1) }
    for (i, m) in messages.enumerated() { writer.append(m, token: UInt64(i)) }
    try await outcomes.wait(for: messages.count)
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
