import Foundation
import ParleyDomain
import ParleyStore
import PostgresNIO
@testable import ParleyStorePostgres
import Testing

@Suite("PostgreSQL message actions", .timeLimit(.minutes(2)))
struct MessageActionStoreTests {
    func action(_ kind: MessageKind, _ conversation: String, _ id: String, target: Int64, text: String = "", from sender: UserRef = alice,
                adminOf: String? = nil) -> OutgoingMessage {
        OutgoingMessage(conversation: conversation, topic: nil, sender: sender, senderName: sender.id, clientID: id, text: text,
                        language: .english, kind: kind, target: target, adminOf: adminOf)
    }

    @Test("in one batch: a message, its edit, a deletion that wins over a later edit, toggled reactions; a retried reaction acts once")
    func oneBatch() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "Ops", members: [alice, bob]).id
        let outcomes = try await append(store, [
            message(g, "m1", text: "first words"),
            action(.edit, g, "e1", target: 1, text: "second words"),
            action(.edit, g, "e2", target: 1, text: "bob's words", from: bob),
            action(.reaction, g, "r1", target: 1, text: "👍", from: bob),
            action(.reaction, g, "r1", target: 1, text: "👍", from: bob),
            message(g, "m2", text: "keep me"),
            action(.reaction, g, "r2", target: 4, text: "🎉", from: bob),
        ])
        #expect(outcomes.committed.map(\.message.seq).sorted() == [1, 2, 3, 3, 4, 5])
        #expect(outcomes.rejected.map(\.code) == [.forbidden])
        var page = try await store.history(in: g, before: nil, limit: 50, topic: nil).messages
        #expect(page.first?.text == "second words")
        #expect(page.first?.editedAt != nil)
        #expect(page.first?.reactions == ["👍": ["bob@acme"]])
        #expect(page.count == 5 && page[3].reactions == ["🎉": ["bob@acme"]])
        #expect(try await TestDatabase.count("SELECT count(*) FROM message_versions", store) == 1)

        let second = try await append(store, [
            action(.delete, g, "d1", target: 1, from: bob),
            action(.delete, g, "d2", target: 1, from: carol, adminOf: "acme"),
            action(.edit, g, "e3", target: 1, text: "too late"),
            action(.reaction, g, "r3", target: 3, text: "👍", from: bob),
        ])
        #expect(second.committed.map(\.message.seq) == [6])
        #expect(second.rejected.map(\.code) == [.forbidden, .notFound, .notFound])
        page = try await store.catchUp(in: g, after: 0, limit: 50, topics: nil).messages
        #expect(page.map(\.seq) == [1, 2, 3, 4, 5, 6])
        #expect(page[0].text == "" && page[0].deletedAt != nil && page[0].reactions == nil)
        #expect(page[1].text == "", "the edit event's text is erased too")
        #expect(try await TestDatabase.count("SELECT count(*) FROM message_versions", store) == 0)
        #expect(try await TestDatabase.count("SELECT count(*) FROM messages WHERE text LIKE '%words%'", store) == 0)
        // Events are not unread: bob has alice's two messages to read, not carol's deletion.
        #expect(try await store.markRead(bob, in: g, upTo: 0) == 2)
        await store.close()
    }
}

extension TestDatabase {
    static func count(_ sql: String, _ store: PostgresStore) async throws -> Int64 {
        try await store.pooled { db in try await db.value(PostgresQuery(unsafeSQL: sql), as: Int64.self, store.logger) } ?? 0
    }
}
