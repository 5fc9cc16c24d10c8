import Foundation
import ParleyClient
import ParleyDaemon
import ParleyDomain
import Testing

/// Cluster mode: two parleyd nodes on one PostgreSQL (scripts/throwaway-postgres provides it; a
/// missing PostgreSQL fails these tests, it never skips them).
@Suite("Cluster mode: two nodes on one PostgreSQL", .serialized, .timeLimit(.minutes(3)))

struct ClusterTests {
    /// Two in-process nodes sharing a fresh database and one signing secret.
    struct Pair {
        let a: TestDaemon
        let b: TestDaemon
        let url: String
        let secretFile: String

        /// - Parameter reminderInterval: seconds between both nodes' follow-up reminder passes.
        init(reminderInterval: Double = 30) async throws {
            url = try TestStore.freshDatabase()
            secretFile = try Self.makeSecret()
            let (url, secretFile) = (url, secretFile)
            a = try await TestDaemon { $0.storeURL = url; $0.signingSecretFile = secretFile; $0.followUps.reminderInterval = reminderInterval }
            b = try await TestDaemon { $0.storeURL = url; $0.signingSecretFile = secretFile; $0.followUps.reminderInterval = reminderInterval }
        }

        static func makeSecret() throws -> String {
            let file = NSTemporaryDirectory() + "parley-secret-\(UUID().uuidString)"
            try Data((0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined().utf8).write(to: URL(fileURLWithPath: file))
            return file
        }

        func stop() async {
            await a.stop()
            await b.stop()
        }
    }

    /// Every frame a client got for `conversation`: its own acks and others' messages, as sequence numbers.
    static func seen(_ frames: [ParleyConnection.Frame], in conversation: String) -> (acked: [Int64], delivered: [Int64]) {
        var acked: [Int64] = []
        var delivered: [Int64] = []
        for f in frames where f["conversation"] as? String == conversation {
            guard let seq = f.seq else { continue }
            if f.type == "ack" { acked.append(seq) }
            if f.type == "message" { delivered.append(seq) }
        }
        return (acked, delivered)
    }

    /// Collects frames until `done` holds or the time is up.
    static func collect(_ client: TestClient, timeout: Double = 20, until done: ([ParleyConnection.Frame]) -> Bool) async -> [ParleyConnection.Frame] {
        var frames: [ParleyConnection.Frame] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            frames += client.drain()
            if done(frames) { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return frames + client.drain()
    }

    @Test("1. clients on A and on B send concurrently; every client receives 1...N exactly once, in order")
    func concurrentSenders() async throws {
        let pair = try await Pair()
        let g = try await pair.a.group("Ops", members: ["alice", "bob", "carol", "dave"])
        let clients = [try await pair.a.client("alice"), try await pair.a.client("bob"),
                       try await pair.b.client("carol"), try await pair.b.client("dave")]
        for c in clients {
            c.send(["type": "subscribe", "conversation": g])
            try await c.next("subscribed")
        }
        let perClient = 25
        let total = Int64(perClient * clients.count)
        for i in 1...perClient {
            for (n, c) in clients.enumerated() { c.send(["type": "send", "id": "c\(n)-\(i)", "conversation": g, "text": "from \(n): \(i)"]) }
        }
        for (n, c) in clients.enumerated() {
            let frames = await Self.collect(c) { Self.seen($0, in: g).acked.count + Self.seen($0, in: g).delivered.count >= total }
            let (acked, delivered) = Self.seen(frames, in: g)
            #expect(acked.count == perClient, "client \(n) got \(acked.count) acks")
            #expect(delivered == delivered.sorted(), "client \(n) got messages out of order")
            let twice = Dictionary(grouping: acked.map { ($0, "ack") } + delivered.map { ($0, "message") }, by: \.0).filter { $0.value.count > 1 }
            #expect((acked + delivered).sorted() == Array(1...total),
                    "client \(n) saw \((acked + delivered).count) of \(total); twice: \(twice.keys.sorted().map { "\($0) \(twice[$0]!.map(\.1))" })")
        }
        await pair.stop()
    }

    @Test("2. a client drops from A and resumes on B with since, then the reverse: no gap, no duplicate")
    func resumeAcrossNodes() async throws {
        let pair = try await Pair()
        let g = try await pair.a.group("Ops", members: ["alice", "bob"])
        let alice = try await pair.a.client("alice")
        var seen: [Int64] = []
        var bob = try await pair.a.client("bob")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        var sent = 0
        func send(_ n: Int) async throws {
            for _ in 0..<n {
                sent += 1
                let id = "m\(sent)"
                alice.send(["type": "send", "id": id, "conversation": g, "text": id])
                try await alice.next("ack", where: { $0["id"] as? String == id })
            }
        }
        try await send(5)
        seen += try await bob.messages(5, in: g).compactMap(\.seq)
        for (from, to) in [(pair.a, pair.b), (pair.b, pair.a)] {
            _ = from
            bob.close()
            try await send(4)  // while bob is away
            bob = try await to.client("bob")
            bob.send(["type": "subscribe", "conversation": g, "since": seen.last ?? 0])
            try await bob.next("subscribed")
            try await send(2)  // live on the new node
            seen += try await bob.messages(6, in: g).compactMap(\.seq)
        }
        #expect(seen == Array(1...Int64(sent)), "bob saw \(seen)")
        #expect(await bob.receives("message", within: 0.5) == false)
        await pair.stop()
    }

    @Test("3. the listener's database connection is terminated; delivery continues through reconnect and catch-up")
    func listenerTerminated() async throws {
        let pair = try await Pair()
        let g = try await pair.a.group("Ops", members: ["alice", "bob"])
        let alice = try await pair.a.client("alice")
        let bob = try await pair.b.client("bob")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        alice.send(["type": "send", "id": "before", "conversation": g, "text": "before"])
        #expect(try await bob.messages(1, in: g).compactMap(\.seq) == [1])
        let database = try #require(URLComponents(string: pair.url)?.path.dropFirst().description)
        let killed = try TestStore.psql("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' AND query ILIKE 'LISTEN%'
            """)
        #expect((Int(killed) ?? 0) >= 1, "no listening connection found to terminate")
        for i in 1...10 { alice.send(["type": "send", "id": "after\(i)", "conversation": g, "text": "after \(i)"]) }
        let seqs = try await bob.messages(10, in: g, timeout: 20).compactMap(\.seq)
        #expect(seqs == Array(2...11))
        await pair.stop()
    }

    @Test("4. kill -9 of node A under load: every acked message is readable through B, and A's clients resume on B")
    func killNodeUnderLoad() async throws {
        let url = try TestStore.freshDatabase()
        let secret = try Pair.makeSecret()
        let env = ["PARLEY_SIGNING_SECRET_FILE": secret]
        let dirA = NSTemporaryDirectory() + "parley-node-a-\(UUID().uuidString)"
        let dirB = NSTemporaryDirectory() + "parley-node-b-\(UUID().uuidString)"
        let a = try await DaemonProcess(dataDirectory: dirA, environment: env, storeURL: url)
        let b = try await DaemonProcess(dataDirectory: dirB, environment: env, storeURL: url)
        let (_, group) = try await HTTP.request("POST", a.http + "/api/v1/groups", token: try await a.token("admin", admin: true),
                                                body: ["title": "Ops", "members": ["alice", "bob"]])
        let g = try #require(group["id"] as? String)
        let alice = try await a.client("alice")
        let bob = try await a.client("bob")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        for i in 1...300 { alice.send(["type": "send", "id": "k\(i)", "conversation": g, "text": "load \(i)"]) }
        // Kill A while sends are still arriving and being committed.
        _ = try await alice.next("ack", where: { $0["id"] as? String == "k50" })
        a.kill(signal: SIGKILL)
        let frames = await Self.collect(alice, timeout: 5) { _ in false }
        var acked = Set(frames.filter { $0.type == "ack" }.compactMap(\.seq))
        acked.insert(50)
        let bobSaw = bob.drain().filter { $0.type == "message" }.compactMap(\.seq)
        // Bob resumes on B from the last message he saw.
        let again = try await b.client("bob")
        again.send(["type": "subscribe", "conversation": g, "since": bobSaw.max() ?? 0])
        try await again.next("subscribed")
        again.send(["type": "history", "id": "h", "conversation": g, "limit": 500])
        let history = try await again.next("history")
        let stored = Set((history["messages"] as? [[String: Any]] ?? []).compactMap { ($0["seq"] as? NSNumber)?.int64Value })
        #expect(acked.isSubset(of: stored), "acked but not readable through B: \(acked.subtracting(stored).sorted())")
        #expect(stored == Set(1...Int64(stored.count)), "stored sequence numbers have a gap")
        let resumed = try await again.messages(stored.count - (bobSaw.max().map(Int.init) ?? 0), in: g, timeout: 20).compactMap(\.seq)
        #expect(bobSaw + resumed == Array(1...Int64(stored.count)), "bob's view across the kill has a gap or a duplicate")
        b.kill(signal: SIGTERM)
        _ = b.waitForExit(timeout: 10)
    }

    @Test("5. PostgreSQL restarts mid-run: nodes report unhealthy, then recover; nothing acked is lost")
    func databaseRestart() async throws {
        let pair = try await Pair()
        let g = try await pair.a.group("Ops", members: ["alice", "bob"])
        let alice = try await pair.a.client("alice")
        let bob = try await pair.b.client("bob")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        for i in 1...5 { alice.send(["type": "send", "id": "b\(i)", "conversation": g, "text": "before \(i)"]) }
        for _ in 1...5 { try await alice.next("ack") }
        let restart = Task.detached { try TestStore.restartServer(down: 3) }
        // While the server is down, both nodes say so.
        var sawUnhealthy = false
        for _ in 0..<100 {
            let (status, body) = try await HTTP.request("GET", pair.b.http + "/healthz", token: nil)
            if status == 503 { sawUnhealthy = body["status"] as? String == "unavailable"; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(sawUnhealthy, "node B never reported the database down")
        try await restart.value
        var healthy = false
        for _ in 0..<200 {
            let (status, _) = try await HTTP.request("GET", pair.a.http + "/healthz", token: nil)
            if status == 200 { healthy = true; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(healthy, "node A did not recover")
        // Sends after the restart are stored and delivered across nodes; a send refused while the
        // database was down would have been an error, never a false ack.
        var after = 0
        for i in 1...5 {
            alice.send(["type": "send", "id": "a\(i)", "conversation": g, "text": "after \(i)"])
            let reply = try await alice.next("ack", timeout: 20, where: { $0["id"] as? String == "a\(i)" })
            if reply.seq != nil { after += 1 }
        }
        #expect(after == 5)
        let seqs = try await Self.collect(bob, timeout: 20) { frames in frames.filter { $0.type == "message" }.count >= 10 }
            .filter { $0.type == "message" }.compactMap(\.seq)
        #expect(seqs == Array(1...10))
        await pair.stop()
    }

    @Test("6. a member removed through node A's admin API is refused on node B")
    func removalReachesOtherNode() async throws {
        let pair = try await Pair()
        let g = try await pair.a.group("Ops", members: ["alice", "bob"])
        let bob = try await pair.b.client("bob")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        let admin = try await pair.a.token("admin", admin: true)
        let (status, _) = try await pair.a.request("DELETE", "/api/v1/groups/\(g)/members/bob", token: admin)
        #expect(status == 200)
        // Within the bus's bound, B refuses bob's sends and stops delivering to him.
        var refused = false
        for i in 0..<60 {
            bob.send(["type": "send", "id": "try\(i)", "conversation": g, "text": "still here?"])
            let frames = await Self.collect(bob, timeout: 5) { frames in
                frames.contains { ["ack", "error"].contains($0.type) && $0["id"] as? String == "try\(i)" }
            }
            if frames.contains(where: { $0.type == "error" && $0["id"] as? String == "try\(i)" }) { refused = true; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(refused, "node B still accepts bob's sends after his removal on node A")
        let alice = try await pair.a.client("alice")
        alice.send(["type": "send", "id": "secret", "conversation": g, "text": "after bob left"])
        try await alice.next("ack")
        #expect(await bob.receives("message", within: 1) == false)
        await pair.stop()
    }

    @Test("7. a correction accepted through node A is used by node B's renderings within seconds")
    func correctionReachesTheOtherNode() async throws {
        let pair = try await Pair()
        let sentence = "请李娜下周五之前把供应商名单发给大家。"
        let corrected = "Li Na, please send everyone the supplier list by next Friday."
        let g = try await pair.a.group("Loaders", members: ["wei", "bob"])
        let bob = try await pair.b.client("bob", lang: "en")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        let wei = try await pair.a.client("wei", lang: "zh")
        wei.send(["type": "send", "id": "1", "conversation": g, "text": sentence])
        let first = try await bob.next("message")
        #expect(first["engine"] as? String != "memory")
        bob.send(["type": "translation.suggest", "id": "s", "conversation": g, "seq": first.seq ?? 1, "lang": "en", "text": corrected])
        let id = try #require((try await bob.next("translation.suggested")["suggestion"] as? [String: Any])?["id"] as? String)
        let admin = try await pair.a.adminClient()
        admin.send(["type": "translation.accept", "id": "a", "suggestion": id])
        try await admin.next("translation.decided")
        // Node B learns it from the store (no hint): its history renders the correction within seconds.
        var rendered: String?
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            bob.send(["type": "history", "id": "h", "conversation": g])
            rendered = (try await bob.next("history")["messages"] as? [[String: Any]])?.first?["text"] as? String
            if rendered == corrected { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(rendered == corrected)
        wei.send(["type": "send", "id": "2", "conversation": g, "text": sentence])
        let next = try await bob.next("message")
        #expect(next.messageText == corrected)
        #expect(next["engine"] as? String == "memory")
        for c in [bob, wei, admin] { c.close() }
        await pair.stop()
    }

    @Test("8. both nodes run reminder passes every 0.1 s: an overdue follow-up's reminder is stored and delivered once")
    func reminderOnceAcrossNodes() async throws {
        let pair = try await Pair(reminderInterval: 0.1)
        let carol = try await pair.b.client("carol")
        carol.send(["type": "subscribe", "id": "w", "conversation": "*"])
        try await carol.next("subscribed")
        let bot = try await pair.a.token("servicedesk", bot: true)
        for key in ["T-1", "T-2", "T-3"] {
            let (status, _) = try await pair.a.request("POST", "/api/v1/followups", token: bot,
                                                       body: ["key": key, "owner": "carol", "text": "Check valve \(key)", "due": "2026-01-05"])
            #expect(status == 201)
        }
        let frames = await Self.collect(carol, timeout: 20) { frames in frames.filter { $0.type == "message" }.count >= 3 }
        let reminders = frames.filter { $0.type == "message" }
        #expect(reminders.count == 3)
        // Many more passes on both nodes: nothing more arrives, and the store holds each reminder once.
        #expect(await carol.receives("message", within: 2) == false)
        let conversation = try #require(reminders.first?["conversation"] as? String)
        carol.send(["type": "history", "id": "h", "conversation": conversation, "limit": 50])
        let history = try #require(try await carol.next("history")["messages"] as? [[String: Any]])
        #expect(history.compactMap { $0["text"] as? String }.sorted()
                == ["T-1", "T-2", "T-3"].map { "Overdue since 2026-01-05 — Check valve \($0) (sent late: Parley was offline)" })
        await pair.stop()
    }
}
