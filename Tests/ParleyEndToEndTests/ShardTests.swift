import Foundation
import ParleyDaemon
import ParleyDomain
import Testing

/// The hub split over several service threads: connections are dealt to shards in turn, and
/// nothing a user sees may depend on which shard holds whom.
@Suite("Shards end to end", .timeLimit(.minutes(5)))
struct ShardTests {
    static func daemon(shards: Int = 3, configure: @escaping (inout DaemonConfiguration) -> Void = { _ in }) async throws -> TestDaemon {
        try await TestDaemon {
            $0.hub.serviceThreads = shards
            configure(&$0)
        }
    }

    @Test("members spread over three shards each get every message in order, in their language, rendered once")
    func groupAcrossShards() async throws {
        let d = try await Self.daemon()
        #expect(d.daemon.deliveryHub.shardCount == 3)
        let users = ["u0", "u1", "u2", "u3", "u4", "u5"]
        let languages = ["zh", "en", "es", "zh", "en", "es"]
        let g = try await d.group("Everyone", members: users)
        var clients: [TestClient] = []
        for (user, lang) in zip(users, languages) {
            let c = try await d.client(user, lang: lang)
            c.send(["type": "subscribe", "id": "s", "conversation": g])
            try await c.next("subscribed")
            clients.append(c)
        }
        // Six connections dealt in turn: every shard holds two of them.
        var perShard = [0, 0, 0]
        for user in users {
            for shard in await d.daemon.deliveryHub.shards(of: UserRef(id: user, tenant: "acme")) { perShard[shard] += 1 }
        }
        #expect(perShard == [2, 2, 2])
        // Sentences no other test sends, so the shared translator's cache cannot answer them.
        let run = UInt32.random(in: 1000...999_999)
        let texts = ["Shard check \(run): the excavator needs a new pump.", "Shard check \(run): the crane is back online.",
                     "Shard check \(run): we ship the order on Friday."]
        for (i, text) in texts.enumerated() {
            clients[i % 2 == 0 ? 1 : 4].send(["type": "send", "id": "m\(i)", "conversation": g, "text": text])
        }
        var byReader: [[ParleyConnectionFrameSummary]] = []
        for (index, c) in clients.enumerated() {
            let own = index == 1 || index == 4
            // Senders do not get their own messages back; everyone else gets all three, in order.
            let expected = own ? texts.indices.filter { ($0 % 2 == 0 ? 1 : 4) != index }.count : texts.count
            let got = try await c.messages(expected, in: g)
            #expect(got.compactMap(\.seq) == got.compactMap(\.seq).sorted())
            #expect(Set(got.compactMap(\.seq)).count == expected)
            for frame in got { #expect(frame["lang"] as? String == languages[index]) }
            byReader.append(got.map { ParleyConnectionFrameSummary(seq: $0.seq ?? 0, text: $0.messageText ?? "", engine: $0["engine"] as? String) })
        }
        // Readers of one language on different shards got the same rendering from the same engine:
        // one translation per message and language, shared by every shard.
        for (a, b) in [(0, 3), (2, 5)] {
            #expect(byReader[a] == byReader[b])
            #expect(byReader[a].allSatisfy { $0.engine != nil && !$0.engine!.hasPrefix("cache") })
        }
        await d.stop()
    }

    @Test("a direct conversation opened on one shard is delivered at once to a wildcard subscriber on another")
    func directAcrossShards() async throws {
        let d = try await Self.daemon(shards: 2)
        // Consecutive connections are dealt to different shards.
        let bob = try await d.client("bob")
        bob.send(["type": "subscribe", "id": "w", "conversation": "*"])
        try await bob.next("subscribed")
        let alice = try await d.client("alice")
        let bobShards = await d.daemon.deliveryHub.shards(of: UserRef(id: "bob", tenant: "acme"))
        let aliceShards = await d.daemon.deliveryHub.shards(of: UserRef(id: "alice", tenant: "acme"))
        #expect(bobShards.count == 1 && aliceShards.count == 1 && bobShards != aliceShards, "bob on \(bobShards), alice on \(aliceShards)")
        alice.send(["type": "direct", "id": "d", "user": "bob"])
        let id = try #require((try await alice.next("conversation")["conversation"] as? [String: Any])?["id"] as? String)
        alice.send(["type": "send", "id": "x", "conversation": id, "text": "hi bob"])
        #expect(try await alice.next("ack").seq == 1)
        let got = try await bob.next("message")
        #expect(got.messageText == "hi bob")
        #expect(got["conversation"] as? String == id)
        await d.stop()
    }

    @Test("max_connections counts every shard's connections")
    func connectionLimitIsProcessWide() async throws {
        let d = try await Self.daemon(shards: 3) { $0.hub.maxConnections = 2 }
        let a = try await d.client("a")
        let b = try await d.client("b")
        let third = try RawWebSocket(port: d.daemon.port, token: try await d.token("c"))
        #expect(await third.closeCode(timeout: 10) == 4029)
        // The first two are untouched.
        a.send(["type": "ping", "id": "p"])
        b.send(["type": "ping", "id": "p"])
        try await a.next("pong")
        try await b.next("pong")
        await d.stop()
    }
}

struct ParleyConnectionFrameSummary: Equatable {
    let seq: Int64
    let text: String
    let engine: String?
}
