import Foundation
import ParleyDomain
import ParleyStore
@testable import ParleyStorePostgres
import Testing

@Suite("PostgreSQL schema, connection errors and health", .timeLimit(.minutes(5)))
struct SchemaTests {
    @Test("the PostgreSQL migrations are the shared history, in order, and recorded as such")
    func migrations() async throws {
        #expect(PostgresSchema.names == SchemaHistory.migrations)
        let url = try await TestDatabase.make()
        let store = try await TestDatabase.open(url)
        #expect(try await store.appliedMigrations() == SchemaHistory.migrations)
        await store.close()
        // Opening again applies nothing and changes nothing.
        let again = try await TestDatabase.open(url)
        #expect(try await again.appliedMigrations() == SchemaHistory.migrations)
        await again.close()
    }

    @Test("two nodes creating the schema at once both open it")
    func concurrentMigration() async throws {
        let url = try await TestDatabase.make()
        async let first = TestDatabase.open(url)
        async let second = TestDatabase.open(url)
        let (a, b) = try await (first, second)
        #expect(try await a.appliedMigrations() == SchemaHistory.migrations)
        await a.close()
        await b.close()
    }

    @Test("a database migrated by a newer parleyd is refused with a message that says so")
    func newerSchemaRefused() async throws {
        let url = try await TestDatabase.make()
        let store = try await TestDatabase.open(url)
        try await store.recordMigration("v6: from the future")
        await store.close()
        let error = await #expect(throws: StoreError.self) { try await TestDatabase.open(url) }
        #expect(error?.kind == .refused)
        #expect(error?.message.contains("v6: from the future") == true)
        #expect(error?.message.contains("PostgreSQL") == true)
    }

    @Test("an unreachable server is named in the error, the password never")
    func unreachable() async throws {
        let error = await #expect(throws: StoreError.self) {
            try await PostgresStore.open(PostgresConfiguration(url: "postgres://parley:s3cret-pw@127.0.0.1:1/parley?sslmode=disable"),
                                         searchText: nil, logger: TestDatabase.logger)
        }
        #expect(error?.message.contains("127.0.0.1:1") == true)
        #expect(error?.message.contains("s3cret-pw") == false)
    }

    @Test("sslmode=require against a server without TLS is refused, saying so")
    func tlsRequired() async throws {
        let url = try await TestDatabase.make()
        let error = await #expect(throws: StoreError.self) { try await TestDatabase.open(url + "?sslmode=require") }
        #expect(error?.message.contains("TLS") == true)
    }

    @Test("a missing database is named in the error")
    func missingDatabase() async throws {
        let base = try #require(ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_URL"],
                                "PARLEY_TEST_POSTGRES_URL is not set: run these tests under scripts/throwaway-postgres")
        let url = base.replacingOccurrences(of: "/postgres", with: "/no_such_database")
        let error = await #expect(throws: StoreError.self) { try await TestDatabase.open(url) }
        #expect(error?.message.contains("no_such_database") == true)
    }

    @Test("a unix-socket URL (socket directory and port as libpq spells them) reaches the server")
    func unixSocket() async throws {
        let url = try await TestDatabase.make()
        let data = try #require(ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_DATA"],
                                "PARLEY_TEST_POSTGRES_DATA is not set: run these tests under scripts/throwaway-postgres")
        let tcp = try PostgresConfiguration(url: url)
        let socketDirectory = URL(fileURLWithPath: data).deletingLastPathComponent().path
        let socketURL = "postgres://\(tcp.username)@/\(tcp.database)?host=\(socketDirectory)&port=\(tcp.port)"
        let configuration = try PostgresConfiguration(url: socketURL)
        #expect(configuration.socketPath == "\(socketDirectory)/.s.PGSQL.\(tcp.port)")
        #expect(configuration.tls == .disable)
        let store = try await TestDatabase.open(socketURL)
        #expect(await store.health() == StoreHealth(reachable: true))
        #expect(try await store.appliedMigrations() == SchemaHistory.migrations)
        await store.close()
    }

    @Test("health is reachable while the server answers")
    func health() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        #expect(await store.health() == StoreHealth(reachable: true))
        #expect(store.backendName == "postgres")
        await store.close()
    }

    @Test("a notification's entries travel in as few payloads as fit, and parse back")
    func payloads() {
        let entries = (0..<2_000).map { "g-\($0):\($0 * 7)" }
        let payloads = BusPayload.payloads(node: "node-1", entries: entries)
        #expect(payloads.count > 1)
        #expect(payloads.allSatisfy { $0.utf8.count <= BusPayload.limit })
        let parsed = payloads.compactMap(BusPayload.init(parsing:))
        #expect(parsed.allSatisfy { $0.node == "node-1" })
        #expect(parsed.flatMap(\.entries) == entries)
        let odd = ["a\nb:1", "100%:2", "%0A:3"]
        #expect(BusPayload.payloads(node: "n", entries: odd).compactMap(BusPayload.init(parsing:)).flatMap(\.entries) == odd)
        #expect(BusPayload(node: "n", entries: ["d:a@x:b@x:12"]).events(on: .commits) == [.committed(conversation: "d:a@x:b@x", seq: 12)])
    }
}

@Suite("Deadline", .timeLimit(.minutes(5)))
struct DeadlineTests {
    @Test("an answer within the limit is returned; a late one is dropped at the limit")
    func race() async {
        #expect(await Deadline.race(.seconds(5)) { 42 } == 42)
        let start = ContinuousClock.now
        let late = await Deadline.race(.milliseconds(100)) { () async -> Int in
            // Ignores cancellation, as a query on a dead connection would.
            let end = ContinuousClock.now + .seconds(2)
            while ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
            return 1
        }
        #expect(late == nil)
        #expect(ContinuousClock.now - start < .seconds(1))
    }
}
