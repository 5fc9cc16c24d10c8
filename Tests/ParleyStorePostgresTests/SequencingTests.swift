import Foundation
import ParleyDomain
import ParleyStore
@testable import ParleyStorePostgres
import Testing

@Suite("PostgreSQL group commit and sequencing", .timeLimit(.minutes(5)))
struct SequencingTests {
    @Test("two nodes appending at once to the same conversations give every seq 1...N exactly once")
    func concurrentNodes() async throws {
        let url = try await TestDatabase.make()
        let a = try await TestDatabase.open(url)
        let b = try await TestDatabase.open(url)
        var created: [String] = []
        for i in 0..<3 { created.append(try await a.createConversation(kind: .group, tenant: "acme", title: "G\(i)", members: [alice, bob]).id) }
        let groups = created

        let perNode = 600
        let outcomesA = Outcomes(), outcomesB = Outcomes()
        let writerA = a.makeWriter { outcomesA.add($0, $1) }
        let writerB = b.makeWriter { outcomesB.add($0, $1) }
        // Several tasks per node append in small bursts, so batches of both nodes interleave.
        await withTaskGroup(of: Void.self) { tasks in
            for (node, writer, sender) in [("a", writerA, alice), ("b", writerB, bob)] {
                for lane in 0..<4 {
                    tasks.addTask {
                        var i = lane
                        while i < perNode {
                            let burst = (i..<min(i + 4 * 3, perNode)).filter { $0 % 4 == lane }
                            writer.append(contentsOf: burst.map { n in
                                (message(groups[n % 3], "\(node)-\(n)", from: sender), token: UInt64(n))
                            })
                            i += 4 * 3
                            await Task.yield()
                        }
                    }
                }
            }
        }
        try await outcomesA.wait(for: perNode)
        try await outcomesB.wait(for: perNode)
        await writerA.stop()
        await writerB.stop()

        #expect(outcomesA.rejected.isEmpty && outcomesB.rejected.isEmpty)
        let committed = outcomesA.committed + outcomesB.committed
        #expect(committed.count == 2 * perNode)
        #expect(committed.filter(\.duplicate).isEmpty)
        let marks = Dictionary(uniqueKeysWithValues: try await b.marks().map { ($0.conversation, $0.lastSeq) })
        for g in groups {
            let seqs = committed.filter { $0.message.conversation == g }.map(\.message.seq).sorted()
            #expect(seqs == Array(1...Int64(seqs.count)), "acks of \(g) are not 1...N")
            let stored = try await a.catchUp(in: g, after: 0, limit: 10_000, topics: nil)
            #expect(stored.messages.map(\.seq) == Array(1...Int64(seqs.count)), "stored messages of \(g) are not 1...N")
            #expect(stored.lastSeq == Int64(seqs.count))
            #expect(Set(stored.messages.map(\.sender)) == [alice, bob], "both nodes wrote to \(g)")
            #expect(marks[g] == Int64(seqs.count))
        }
        await a.close()
        await b.close()
    }

    @Test("a retried client id returns the stored message, on either node; another message with it is a conflict")
    func idempotency() async throws {
        let url = try await TestDatabase.make()
        let a = try await TestDatabase.open(url)
        let b = try await TestDatabase.open(url)
        let g = try await a.createConversation(kind: .group, tenant: "acme", title: "A", members: [alice])
        let h = try await a.createConversation(kind: .group, tenant: "acme", title: "B", members: [alice])

        let first = try await append(a, [message(g.id, "1"), message(h.id, "2"), message(g.id, "3"), message(g.id, "1")])
        #expect(first.committed.map(\.message.seq) == [1, 1, 2, 1])
        #expect(first.committed.map(\.duplicate) == [false, false, false, true])

        // The retry reaches the other node: the same message, not a new one.
        let retry = try await append(b, [message(g.id, "3"), message(g.id, "4")])
        #expect(retry.committed.map(\.duplicate) == [true, false])
        #expect(retry.committed.map(\.message.seq) == [2, 3])

        // The same id for another text, or in another conversation: refused as a conflict.
        let clash = try await append(b, [message(g.id, "1", text: "something else"), message(h.id, "3")])
        #expect(clash.committed.isEmpty)
        #expect(clash.rejected.map(\.code) == [.conflict, .conflict])
        #expect(clash.rejected.first?.reason.contains("already used for another message") == true)

        let stored = try await a.catchUp(in: g.id, after: 0, limit: 10, topics: nil)
        #expect(stored.messages.map(\.clientID) == ["1", "3", "4"])
        #expect(stored.lastSeq == 3)
        await a.close()
        await b.close()
    }

    @Test("messages to no conversation, or with a NUL, are refused alone; the rest of the batch commits")
    func refusals() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice])
        let outcomes = try await append(store, [message("g-missing", "1"), message(g.id, "2", text: "a\u{0}b"), message(g.id, "3")])
        #expect(outcomes.rejected.map(\.clientID) == ["1", "2"])
        #expect(outcomes.rejected.first?.reason == "no conversation g-missing")
        #expect(outcomes.committed.map(\.message.seq) == [1])
        await store.close()
    }

    @Test("after the server ends its connections, the writer and the pool reconnect; a failed batch is refused with the reason")
    func reconnects() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice])
        let outcomes = Outcomes()
        let writer = store.makeWriter { outcomes.add($0, $1) }
        writer.append(message(g.id, "1"), token: 1)
        try await outcomes.wait(for: 1)
        #expect(try await store.terminateConnections() >= 2)
        // The first batch may meet the dead connection: refused, saying why; later ones commit.
        writer.append(message(g.id, "2"), token: 2)
        try await outcomes.wait(for: 2)
        for reason in outcomes.rejected.map(\.reason) { #expect(reason.hasPrefix("could not store: PostgreSQL at 127.0.0.1:")) }
        writer.append(message(g.id, "3"), token: 3)
        try await outcomes.wait(for: 3)
        await writer.stop()
        #expect(outcomes.committed.last?.message.clientID == "3")
        // A pooled read may fail once on a connection the server ended; then the pool replaces it.
        var read: (messages: [ChatMessage], lastSeq: Int64)?
        for _ in 0..<3 where read == nil { read = try? await store.catchUp(in: g.id, after: 0, limit: 10, topics: nil) }
        #expect(read?.messages.map(\.seq) == Array(1...Int64(outcomes.committed.count)))
        await store.close()
    }

    @Test("a batch the server does not answer in time is refused, and the writer goes on with a new connection")
    func silentWriterConnection() async throws {
        let url = try await TestDatabase.make()
        let store = try await PostgresStore.open(PostgresConfiguration(url: url), searchText: nil,
                                                 timings: PostgresTimings(heartbeatInterval: .seconds(15), heartbeatTimeout: .seconds(5),
                                                                          batchLimit: .seconds(1)),
                                                 logger: TestDatabase.logger)
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice])
        let outcomes = Outcomes()
        let writer = store.makeWriter { outcomes.add($0, $1) }
        writer.append(message(g.id, "1"), token: 1)
        try await outcomes.wait(for: 1)
        let frozen = try await store.writerBackends()
        #expect(frozen.count == 1)
        for pid in frozen { kill(pid, SIGSTOP) }
        writer.append(message(g.id, "2"), token: 2)
        try await outcomes.wait(for: 2)
        for pid in frozen { kill(pid, SIGCONT) }
        #expect(outcomes.rejected.map(\.clientID) == ["2"])
        #expect(outcomes.rejected.first?.reason.contains("did not answer within 1") == true)
        writer.append(message(g.id, "2"), token: 3)
        try await outcomes.wait(for: 3)
        await writer.stop()
        #expect(outcomes.committed.map(\.message.seq) == [1, 2])
        await store.close()
    }

    @Test("stop writes what is queued before it returns; later appends are refused, saying why")
    func stopDrains() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice])
        let outcomes = Outcomes()
        let writer = store.makeWriter { outcomes.add($0, $1) }
        for i in 0..<300 { writer.append(message(g.id, "\(i)"), token: UInt64(i)) }
        await writer.stop()
        #expect(outcomes.committed.map(\.message.seq) == Array(1...300))
        writer.append(message(g.id, "late"), token: 1_000)
        #expect(outcomes.rejected.map(\.clientID) == ["late"])
        #expect(outcomes.rejected.first?.reason.contains("stopping") == true)
        if case .failure(let refusal) = await write(writer, .end(meeting: "m")) { #expect(refusal.kind == .refused) } else {
            Issue.record("a meeting write after stop was accepted")
        }
        await store.close()
    }

    @Test("catch-up filters topics, history pages backwards, unread counts follow the read mark")
    func reads() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let t = try await store.createConversation(kind: .topics, tenant: "acme", title: "T", members: [alice, bob])
        _ = try await append(store, [message(t.id, "a", topic: "eu"), message(t.id, "b", topic: "asia"), message(t.id, "c", topic: "eu"),
                                 message(t.id, "d", from: bob)])
        let eu = try await store.catchUp(in: t.id, after: 0, limit: 10, topics: ["eu"])
        #expect(eu.messages.map(\.seq) == [1, 3])
        #expect(eu.lastSeq == 4)
        #expect(try await store.topics(in: t.id).map(\.name) == ["eu", "asia"])
        let page = try await store.history(in: t.id, before: nil, limit: 2, topic: nil)
        #expect(page.messages.map(\.seq) == [3, 4])
        #expect(page.more)
        let older = try await store.history(in: t.id, before: 3, limit: 2, topic: nil)
        #expect(older.messages.map(\.seq) == [1, 2])
        #expect(!older.more)
        #expect(try await store.summaries(for: bob).first?.unread == 3)
        #expect(try await store.summaries(for: alice).first?.unread == 1)
        #expect(try await store.markRead(bob, in: t.id, upTo: 2) == 1)
        #expect(try await store.markRead(bob, in: t.id, upTo: 1) == 1, "a read mark never moves back")
        await store.close()
    }

    @Test("settings: explicit choices stick; token languages fill in the rest")
    func settings() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        #expect(try await store.settings(for: alice) == nil)
        try await store.rememberLanguages([alice: .chinese, bob: .spanish])
        #expect(try await store.settings(for: alice)?.language == .chinese)
        try await store.saveSettings(for: alice, language: .french, translate: false)
        try await store.rememberLanguages([alice: .english])
        let saved = try await store.settings(for: alice)
        #expect(saved?.language == .french)
        #expect(saved?.translate == false)
        #expect(try await store.settings(for: bob)?.language == .spanish)
        await store.close()
    }
}
