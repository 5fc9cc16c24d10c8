import Foundation
import Logging
import ParleyDomain
import ParleyStore
import PostgresNIO

/// Parley's durable state on PostgreSQL (cluster mode): the same contract as the embedded store,
/// shared by every node, with LISTEN/NOTIFY carrying hints between nodes.
///
/// Reads and directory changes use a pool (`PostgresClient`); messages and meeting writes go through
/// the group-commit writer's own connection (`PostgresWriter`), and hints arrive on the listener's
/// (`PostgresListener`). Every notification this store sends starts with `node`, a random id per
/// store instance, so that its listener drops its own.
public final class PostgresStore: Store {
    public let configuration: PostgresConfiguration
    let logger: Logger
    /// How message and minutes texts are cut into search terms; nil: nothing is indexed.
    public let searchText: SearchText?
    let endpoint: PostgresEndpoint
    let client: PostgresClient
    let node: String
    let bus = BusMetrics()
    let timings: PostgresTimings
    private let pool: Task<Void, Never>
    private let listener: PostgresListener

    private init(endpoint: PostgresEndpoint, searchText: SearchText?, timings: PostgresTimings, logger: Logger) {
        self.configuration = endpoint.configuration
        self.endpoint = endpoint
        self.searchText = searchText
        self.logger = logger
        self.timings = timings
        node = UUID().uuidString.lowercased()
        let client = PostgresClient(configuration: endpoint.clientConfiguration(), backgroundLogger: logger)
        self.client = client
        pool = Task { await client.run() }
        listener = PostgresListener(endpoint: endpoint, node: node, metrics: bus, timings: timings, logger: logger)
    }

    /// Connects, creates or migrates the schema (refusing a newer one) and starts listening.
    public static func open(_ configuration: PostgresConfiguration, searchText: SearchText?, logger: Logger) async throws -> PostgresStore {
        try await open(configuration, searchText: searchText, timings: .standard, logger: logger)
    }

    /// `open`, with the time limits chosen (tests shorten them).
    static func open(_ configuration: PostgresConfiguration, searchText: SearchText?, timings: PostgresTimings,
                     logger: Logger) async throws -> PostgresStore {
        let endpoint = PostgresEndpoint(configuration)
        let setup = try await endpoint.connect(logger: logger, purpose: "set-up")
        do {
            let applied = try await PostgresSchema.migrate(setup, logger: logger)
            try? await setup.close()
            if !applied.isEmpty { logger.notice("store migrated", metadata: ["store.migrations": "\(applied.joined(separator: ", "))"]) }
        } catch let error as StoreError {
            try? await setup.close()
            throw error
        } catch {
            try? await setup.close()
            throw StoreError(.database, "cannot create or migrate the schema in PostgreSQL at \(endpoint.place): \(PostgresFailure.words(error))")
        }
        let store = PostgresStore(endpoint: endpoint, searchText: searchText, timings: timings, logger: logger)
        store.listener.start()
        await store.listener.waitUntilListening(timeout: .seconds(5))
        return store
    }

    public var backendName: String { "postgres" }

    public func makeWriter(onCommit: @escaping MessageWriting.Completion) -> any MessageWriting {
        PostgresWriter(store: self, onCommit: onCommit)
    }

    /// Other nodes' commits, directory changes and minutes; `.resynchronize` after every (re)connect.
    public var events: AsyncStream<StoreEvent>? { listener.events }

    public func marks() async throws -> [ConversationMark] {
        try await pooled { db in
            try await db.all("SELECT id, last_seq, directory_version FROM conversations", as: (String, Int64, Int64).self, logger)
                .map { ConversationMark(conversation: $0.0, lastSeq: $0.1, directoryVersion: $0.2) }
        }
    }

    /// `SELECT 1` through the pool, answered within a second or reported as not reachable.
    public func health() async -> StoreHealth {
        let place = endpoint.place
        let answer = await Deadline.race(.seconds(1)) { [client] () async -> StoreHealth in
            do {
                _ = try await client.query("SELECT 1").collect()
                return StoreHealth(reachable: true)
            } catch {
                return StoreHealth(reachable: false, problem: "PostgreSQL at \(place) does not answer: \(PostgresFailure.words(error))")
            }
        }
        return answer ?? StoreHealth(reachable: false, problem: "PostgreSQL at \(place) did not answer within 1 s")
    }

    /// Stops listening and closes the pool. Call once, after the writer has stopped.
    public func close() async {
        await listener.stop()
        pool.cancel()
        await pool.value
    }

    // MARK: Pool access

    /// Runs `body` on a pooled connection; errors become `StoreError`s that say where.
    func pooled<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { db in try await body(db) }
        } catch {
            throw failure(error)
        }
    }

    /// Runs `body` in a transaction on a pooled connection.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await pooled { db in try await db.transaction(logger, body) }
    }

    func failure(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return StoreError(.database, "PostgreSQL at \(endpoint.place): \(PostgresFailure.words(error))")
    }

    /// Sends a hint to the other nodes, after the commit it tells of. A lost hint costs latency only.
    func notify(_ channel: BusChannel, _ entries: [String], on db: PostgresConnection? = nil) async {
        for payload in BusPayload.payloads(node: node, entries: entries) {
            let query: PostgresQuery = "SELECT pg_notify(\(channel.rawValue), \(payload))"
            do {
                if let db { try await db.run(query, logger) } else { _ = try await client.query(query, logger: logger).collect() }
                bus.sent.increment()
            } catch {
                logger.warning("store notification not sent", metadata: ["store.channel": "\(channel.rawValue)",
                                                                          "store.error": "\(PostgresFailure.words(error))"])
            }
        }
    }
}
