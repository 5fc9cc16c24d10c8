import Foundation
import GRDB
import Logging
import ParleyDomain
import ParleyStore
@testable import ParleyStoreSQLite
import Synchronization
import Testing

@Suite("SQLite message actions", .timeLimit(.minutes(2)))
struct MessageActionStoreTests {
    let alice = UserRef(id: "alice", tenant: "acme"), bob = UserRef(id: "bob", tenant: "acme"), carol = UserRef(id: "carol", tenant: "acme")

    func append(_ store: SQLiteStore, _ messages: [OutgoingMessage]) async -> (committed: [CommittedMessage], rejected: [RejectedMessage]) {
        let collected = Mutex<([CommittedMessage], [RejectedMessage])>(([], []))
        let done = AsyncStream<Void>.makeStream()
        let writer = SQLiteWriter(store: store) { outcomes, failures in
            let n = collected.withLock { $0.0.append(contentsOf: outcomes); $0.1.append(contentsOf: failures); return $0.0.count + $0.1.count }
            if n >= messages.count { done.continuation.yield() }
        }
        writer.append(contentsOf: messages.enumerated().map { ($0.element, token: UInt64($0.offset)) })
        for await _ in done.stream { break }
        writer.stop()
        return collected.withLock { ($0.0.sorted { $0.token < $1.token }, $0.1.sorted { $0.token < $1.token }) }
    }

    /// A synchronous read (GRDB's async one would be chosen in an async test).
    func count(_ db: some DatabaseReader, _ sql: String) throws -> Int {
        try db.read { try Int.fetchOne($0, sql: sql) } ?? -1
    }

    func message(_ conversation: String, _ id: String, text: String) -> OutgoingMessage {
        OutgoingMessage(conversation: conversation, topic: nil, sender: alice, senderName: "alice", clientID: id, text: text, language: .english)
    }

    func action(_ kind: MessageKind, _ conversation: String, _ id: String, target: Int64, text: String = "", from sender: UserRef? = nil,
                adminOf: String? = nil) -> OutgoingMessage {
        OutgoingMessage(conversation: conversation, topic: nil, sender: sender ?? alice, senderName: "x", clientID: id, text: text,
                        language: .english, kind: kind, target: target, adminOf: adminOf)
    }

    @Test("in one batch: a message, its edit, a deletion that wins over a later edit, toggled reactions; a retried reaction acts once")
    func oneBatch() async throws {
        let directory = NSTemporaryDirectory() + "parley-actions-\(UUID().uuidString)"
        let store = try SQLiteStore(SQLiteConfiguration(path: directory + "/db.sqlite", durability: .normal),
                                    searchText: SearchText(analyzer: WordAnalyzer()), logger: Logger(label: "test"))
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "Ops", members: [alice, bob]).id
        let first = await append(store, [
            message(g, "m1", text: "first words"),
            action(.edit, g, "e1", target: 1, text: "second words"),
            action(.edit, g, "e2", target: 1, text: "bob's words", from: bob),
            action(.reaction, g, "r1", target: 1, text: "👍", from: bob),
            action(.reaction, g, "r1", target: 1, text: "👍", from: bob),
            message(g, "m2", text: "keep me"),
            action(.reaction, g, "r2", target: 4, text: "🎉", from: bob),
        ])
        #expect(first.committed.map(\.message.seq) == [1, 2, 3, 3, 4, 5])
        #expect(first.rejected.map(\.code) == [.forbidden])
        var page = try store.history(in: g, before: nil, limit: 50, topic: nil).messages
        #expect(page.first?.text == "second words")
        #expect(page.first?.editedAt != nil)
        #expect(page.first?.reactions == ["👍": ["bob@acme"]])
        #expect(page.count == 5 && page[3].reactions == ["🎉": ["bob@acme"]])
        #expect(try count(store.pool, "SELECT COUNT(*) FROM message_versions") == 1)

        let second = await append(store, [
            action(.delete, g, "d1", target: 1, from: bob),
            action(.delete, g, "d2", target: 1, from: carol, adminOf: "acme"),
            action(.edit, g, "e3", target: 1, text: "too late"),
            action(.reaction, g, "r3", target: 3, text: "👍", from: bob),
        ])
        #expect(second.committed.map(\.message.seq) == [6])
        #expect(second.rejected.map(\.code) == [.forbidden, .notFound, .notFound])
        page = try store.catchUp(in: g, after: 0, limit: 50, topics: nil).messages
        #expect(page.map(\.seq) == [1, 2, 3, 4, 5, 6])
        #expect(page[0].text == "" && page[0].deletedAt != nil && page[0].reactions == nil)
        #expect(page[1].text == "", "the edit event's text is erased too")
        #expect(try count(store.pool, "SELECT COUNT(*) FROM message_versions") == 0)
        #expect(try count(store.pool, "SELECT COUNT(*) FROM messages WHERE text LIKE '%words%'") == 0)
        // Events are not unread: bob has alice's two messages to read, not carol's deletion.
        #expect(try store.markRead(bob, in: g, upTo: 0) == 2)
        // The index no longer holds the words: its row for message 1 is gone once revised.
        #expect(try await store.searchIndexCaughtUp(timeout: 5))
        let rows = try count(try DatabaseQueue(path: directory + "/db.sqlite.search"), "SELECT COUNT(*) FROM message_search WHERE message_search MATCH 'words'")
        #expect(rows == 0)
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
