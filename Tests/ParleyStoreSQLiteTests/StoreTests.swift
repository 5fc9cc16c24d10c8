import Foundation
import GRDB
import Logging
import ParleyDomain
import ParleyStore
@testable import ParleyStoreSQLite
import Synchronization
import Testing

@Suite("Store and group commit", .timeLimit(.minutes(5)))
struct StoreTests {
    let alice = UserRef(id: "alice", tenant: "acme")

    func makeStore() throws -> SQLiteStore {
        try SQLiteStore(SQLiteConfiguration(path: NSTemporaryDirectory() + "parley-store-\(UUID().uuidString)/db.sqlite", durability: .normal),
                  logger: Logger(label: "test"))
    }

    /// Appends through the writer and waits for every outcome.
    func append(_ store: SQLiteStore, _ messages: [OutgoingMessage]) async -> [CommittedMessage] {
        let collected = Mutex<[CommittedMessage]>([])
        let done = AsyncStream<Void>.makeStream()
        let expected = messages.count
        let writer = SQLiteWriter(store: store) { outcomes, failures in
            let n = collected.withLock { $0.append(contentsOf: outcomes); return $0.count }
            if n + failures.count >= expected { done.continuation.yield() }
        }
        for (i, m) in messages.enumerated() { writer.append(m, token: UInt64(i)) }
        for await _ in done.stream { break }
        writer.stop()
        return collected.withLock { $0 }.sorted { $0.token < $1.token }
    }

    func message(_ conversation: String, _ id: String, topic: String? = nil) -> OutgoingMessage {
        OutgoingMessage(conversation: conversation, topic: topic, sender: alice, senderName: "Alice", clientID: id, text: "text \(id)", language: .english)
    }

    @Test("the durability asked for is the synchronous mode in effect on the store's connection (FULL or NORMAL)", arguments: [
        SQLiteConfiguration.Durability.full, .normal,
    ])
    func durability(_ durability: SQLiteConfiguration.Durability) throws {
        let store = try SQLiteStore(SQLiteConfiguration(path: NSTemporaryDirectory() + "parley-store-\(UUID().uuidString)/db.sqlite",
                                                 durability: durability), logger: Logger(label: "test"))
        #expect(try store.durabilityInEffect() == durability)
        store.close()
    }

    @Test("sequence numbers are gap-free per conversation and retries return the stored message")
    func sequencing() async throws {
        let store = try makeStore()
        let a = try await store.createConversation(kind: .group, tenant: "acme", title: "A", members: [alice])
        let b = try await store.createConversation(kind: .group, tenant: "acme", title: "B", members: [alice])
        let outcomes = await append(store, [message(a.id, "1"), message(b.id, "2"), message(a.id, "3"), message(a.id, "1")])
        #expect(outcomes.map(\.message.seq) == [1, 1, 2, 1])
        #expect(outcomes.map(\.duplicate) == [false, false, false, true])
        #expect(try store.conversation(a.id)?.lastSeq == 2)
        let read = try store.catchUp(in: a.id, after: 0, limit: 10, topics: nil)
        #expect(read.messages.map(\.clientID) == ["1", "3"])
        #expect(read.lastSeq == 2)
    }

    @Test("catch-up reads filter topics and report the conversation's newest number")
    func topicCatchUp() async throws {
        let store = try makeStore()
        let t = try await store.createConversation(kind: .topics, tenant: "acme", title: "T", members: [alice])
        _ = await append(store, [message(t.id, "a", topic: "eu"), message(t.id, "b", topic: "asia"), message(t.id, "c", topic: "eu")])
        let read = try store.catchUp(in: t.id, after: 0, limit: 10, topics: ["eu"])
        #expect(read.messages.map(\.seq) == [1, 3])
        #expect(read.lastSeq == 3)
        #expect(try store.topics(in: t.id).map(\.name) == ["eu", "asia"])
    }

    @Test("unread counts ignore one's own messages and follow the read mark")
    func unread() async throws {
        let store = try makeStore()
        let bob = UserRef(id: "bob", tenant: "acme")
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice, bob])
        _ = await append(store, [message(g.id, "1"), message(g.id, "2"), message(g.id, "3")])
        #expect(try store.summaries(for: bob).first?.unread == 3)
        #expect(try store.summaries(for: alice).first?.unread == 0)
        #expect(try store.markRead(bob, in: g.id, upTo: 2) == 1)
        #expect(try store.markRead(bob, in: g.id, upTo: 1) == 1)
    }

    @Test("arrivals read several users at once, as the single-user reads do")
    func arrivals() async throws {
        let store = try makeStore()
        let bob = UserRef(id: "bob", tenant: "acme")
        let carol = UserRef(id: "carol", tenant: "acme")
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice, bob])
        _ = try await store.createConversation(kind: .group, tenant: "acme", title: "H \"quoted\"", members: [bob])
        _ = await append(store, [message(g.id, "1"), message(g.id, "2"), message(g.id, "3")])
        _ = try store.markRead(bob, in: g.id, upTo: 1)
        try store.saveSettings(for: bob, language: Language("fr"), translate: false)
        try store.rememberLanguages([alice: Language("zh")])
        // A synchronous call: the store's batched read, not the protocol's one-user-at-a-time default.
        let batched: () throws -> [UserRef: UserArrival] = { try store.arrivals(of: [alice, bob, carol]) }
        let found = try batched()
        #expect(found.count == 3)
        for user in [alice, bob, carol] {
            let arrival = try #require(found[user])
            #expect(arrival.summaries == (try store.summaries(for: user)))
            let settings = try store.settings(for: user)
            #expect(arrival.settings?.language == settings?.language)
            #expect(arrival.settings?.translate == settings?.translate)
            #expect((arrival.settings == nil) == (settings == nil))
            #expect(arrival.minutesWaiting == !(try store.pendingMinutes(for: user)).isEmpty)
        }
        #expect(found[bob]?.summaries.count == 2)
        #expect(found[bob]?.summaries.first { $0.id == g.id }?.unread == 2)
        #expect(found[bob]?.settings?.language == Language("fr"))
        #expect(found[carol]?.summaries.isEmpty == true)
        #expect(found[carol]?.settings == nil)
    }

    @Test("members of unshared tenants are refused; sharing lets them in")
    func sharing() async throws {
        let store = try makeStore()
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice])
        let pat = UserRef(id: "pat", tenant: "partner")
        #expect(throws: StoreError.self) { try store.addMember(pat, to: g.id) }
        _ = try store.share(g.id, with: "partner")
        #expect(try store.addMember(pat, to: g.id).members.contains(pat))
        #expect(try store.allConversations().first?.sharedWith == ["partner"])
    }
}

@Suite("SQLite schema history", .timeLimit(.minutes(5)))
struct SQLiteSchemaTests {
    @Test("the SQLite migrations are the shared history, in order")
    func sharedHistory() {
        #expect(Schema.names == SchemaHistory.migrations)
    }

    @Test("a database migrated by a newer parleyd is refused with a message that says so")
    func newerSchemaRefused() throws {
        let path = NSTemporaryDirectory() + "parley-store-\(UUID().uuidString)/db.sqlite"
        let logger = Logger(label: "test")
        try SQLiteStore(SQLiteConfiguration(path: path), logger: logger).close()
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99: from the future')")
        }
        do {
            _ = try SQLiteStore(SQLiteConfiguration(path: path), logger: logger)
            Issue.record("a newer schema was opened")
        } catch let error as StoreError {
            #expect(error.kind == .refused)
            #expect(error.message.contains("newer than this parleyd"))
            #expect(error.message.contains("v99: from the future"))
        }
    }
}
