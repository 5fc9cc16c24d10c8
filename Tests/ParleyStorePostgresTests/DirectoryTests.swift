import Foundation
import ParleyDomain
import ParleyStore
@testable import ParleyStorePostgres
import Testing

@Suite("PostgreSQL directory and hints between nodes", .timeLimit(.minutes(5)))
struct DirectoryTests {
    @Test("another node hears of commits, directory changes and minutes; a node never hears its own")
    func hints() async throws {
        let url = try await TestDatabase.make()
        let a = try await TestDatabase.open(url)
        let b = try await TestDatabase.open(url)
        let hintsA = Hints(a), hintsB = Hints(b)

        let g = try await a.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice])
        #expect(await hintsB.wait { $0 == .directoryChanged(conversation: g.id) })
        _ = try await append(a, [message(g.id, "1"), message(g.id, "2")])
        #expect(await hintsB.wait { $0 == .committed(conversation: g.id, seq: 2) })

        _ = try await a.addMember(bob, to: g.id)
        #expect(await hintsB.wait { $0 == .directoryChanged(conversation: g.id) && hintsB.all.filter { $0 == .directoryChanged(conversation: g.id) }.count == 2 })

        let (direct, created) = try await a.openDirect(alice, bob)
        #expect(created)
        #expect(await hintsB.wait { $0 == .directoryChanged(conversation: direct.id) })
        #expect(try await b.openDirect(bob, alice).created == false)

        // B's own commit reaches A, not B.
        _ = try await append(b, [message(direct.id, "d1")])
        #expect(await hintsA.wait { $0 == .committed(conversation: direct.id, seq: 1) })
        try await Task.sleep(for: .milliseconds(300))
        #expect(!hintsA.all.contains { if case .committed(g.id, _) = $0 { true } else { false } })
        #expect(!hintsA.all.contains(.directoryChanged(conversation: g.id)))
        #expect(!hintsB.all.contains { if case .committed(direct.id, _) = $0 { true } else { false } })
        await a.close()
        await b.close()
    }

    @Test("arrivals read many users in one batch, as the single-user reads do")
    func arrivals() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let carol = UserRef(id: "carol", tenant: "acme")
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice, bob])
        _ = try await store.createConversation(kind: .group, tenant: "acme", title: "H \"quoted\"", members: [bob])
        _ = try await append(store, [message(g.id, "1"), message(g.id, "2"), message(g.id, "3")])
        _ = try await store.markRead(bob, in: g.id, upTo: 1)
        try await store.saveSettings(for: bob, language: Language("fr"), translate: false)
        try await store.rememberLanguages([alice: Language("zh")])
        let found = try await store.arrivals(of: [alice, bob, carol, bob])
        #expect(found.count == 3)
        for user in [alice, bob, carol] {
            let arrival = try #require(found[user])
            #expect(arrival.summaries == (try await store.summaries(for: user)))
            let settings = try await store.settings(for: user)
            #expect(arrival.settings?.language == settings?.language)
            #expect(arrival.settings?.translate == settings?.translate)
            #expect((arrival.settings == nil) == (settings == nil))
            #expect(arrival.minutesWaiting == !(try await store.pendingMinutes(for: user)).isEmpty)
        }
        #expect(found[bob]?.summaries.count == 2)
        #expect(found[bob]?.summaries.first { $0.id == g.id }?.unread == 2)
        #expect(found[bob]?.settings?.language == Language("fr"))
        #expect(found[carol]?.summaries.isEmpty == true)
        #expect(found[carol]?.settings == nil)
        await store.close()
    }

    @Test("directory changes bump the directory version that marks report")
    func directoryVersions() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice])
        func version() async throws -> Int64? { try await store.marks().first { $0.conversation == g.id }?.directoryVersion }
        let created = try #require(try await version())
        _ = try await store.addMember(bob, to: g.id)
        #expect(try await version() == created + 1)
        _ = try await store.share(g.id, with: "globex")
        _ = try await store.addMember(UserRef(id: "dan", tenant: "globex"), to: g.id)
        _ = try await store.removeMember(bob, from: g.id)
        #expect(try await version() == created + 4)
        let loaded = try #require(try await store.conversation(g.id))
        #expect(loaded.members == [alice, UserRef(id: "dan", tenant: "globex")])
        #expect(loaded.sharedWith == ["globex"])
        await #expect(throws: StoreError.self) { try await store.addMember(UserRef(id: "eve", tenant: "initech"), to: g.id) }
        #expect(try await store.allConversations().map(\.id) == [g.id])
        #expect(try await store.conversations(ownedBy: "acme").map(\.id) == [g.id])
        await store.close()
    }

    @Test("after the listening connection is killed the store reconnects and asks for a resynchronization")
    func resynchronizeAfterTermination() async throws {
        let url = try await TestDatabase.make()
        let a = try await TestDatabase.open(url)
        let b = try await TestDatabase.open(url)
        let hints = Hints(a)
        #expect(await hints.wait { $0 == .resynchronize }, "the first LISTEN is a resynchronization too")
        // Both stores' listeners are in this database; end them all (B's reconnects as well).
        #expect(try await a.terminateListener() >= 1)
        #expect(await hints.wait { _ in hints.all.filter { $0 == .resynchronize }.count >= 2 })
        // Hints flow again on the new connection.
        let g = try await b.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice])
        _ = try await append(b, [message(g.id, "1")])
        #expect(await hints.wait { $0 == .committed(conversation: g.id, seq: 1) })
        await a.close()
        await b.close()
    }

    @Test("a listening connection that stops answering (its server process frozen) is replaced, with a resynchronization")
    func heartbeat() async throws {
        let url = try await TestDatabase.make()
        let store = try await PostgresStore.open(PostgresConfiguration(url: url), searchText: nil,
                                                 timings: PostgresTimings(heartbeatInterval: .milliseconds(500), heartbeatTimeout: .milliseconds(500), batchLimit: .seconds(30)),
                                                 logger: TestDatabase.logger)
        let hints = Hints(store)
        #expect(await hints.wait { $0 == .resynchronize })
        let frozen = try await store.listenerBackends()
        #expect(frozen.count == 1)
        // SIGSTOP: the process keeps its socket open and says nothing, as a dead peer behind a
        // dropped route would. The tests run as the server's owner or as root.
        for pid in frozen { kill(pid, SIGSTOP) }
        let replaced = await hints.wait(seconds: 10) { _ in hints.all.filter { $0 == .resynchronize }.count >= 2 }
        for pid in frozen { kill(pid, SIGCONT) }
        #expect(replaced)
        await store.close()
    }
}
