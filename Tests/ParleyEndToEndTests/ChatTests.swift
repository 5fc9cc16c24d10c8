import Foundation
import Testing

/// Users chatting through a real daemon over real WebSockets.
@Suite("Chat end to end", .timeLimit(.minutes(5)))
struct ChatTests {
    @Test("two users chat in a group: ack after store, delivery with the original")
    func twoUsersChat() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "bob"])
        let alice = try await d.client("alice", lang: "en")
        let bob = try await d.client("bob", lang: "en")
        let aliceOther = try await d.client("alice", lang: "en")
        for c in [bob, aliceOther] {
            c.send(["type": "subscribe", "id": "s", "conversation": g])
            try await c.next("subscribed")
        }
        alice.send(["type": "send", "id": "m1", "conversation": g, "text": "Crane 3 is back online"])
        let ack = try await alice.next("ack")
        #expect(ack["id"] as? String == "m1")
        #expect(ack.seq == 1)
        let got = try await bob.next("message")
        #expect(got.seq == 1)
        #expect(got.messageText == "Crane 3 is back online")
        // Same language: the text is the original, so no separate copy is sent.
        #expect(got["lang"] as? String == "en")
        #expect(got["original"] == nil)
        #expect((got["sender"] as? [String: Any])?["id"] as? String == "alice")
        #expect(got["clientId"] == nil)
        // The sender's other session receives it too, with the client id to match it by.
        let own = try await aliceOther.next("message")
        #expect(own.seq == 1)
        #expect(own["clientId"] as? String == "m1")
        await d.stop()
    }

    @Test("a topic subscriber receives only its topic; topics are listed with last activity")
    func topicSubscription() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Regions", kind: "topics", members: ["hq", "eu"])
        let hq = try await d.client("hq")
        let eu = try await d.client("eu")
        eu.send(["type": "subscribe", "conversation": g, "topics": ["europe"]])
        try await eu.next("subscribed")
        hq.send(["type": "send", "id": "a", "conversation": g, "topic": "asia", "text": "asia news"])
        hq.send(["type": "send", "id": "b", "conversation": g, "topic": "europe", "text": "europe news"])
        hq.send(["type": "send", "id": "c", "conversation": g, "text": "no topic"])
        let refused = try await hq.next("error")
        #expect(refused["code"] as? String == "forbidden")
        let got = try await eu.next("message")
        #expect(got.messageText == "europe news")
        #expect(got.seq == 2)
        #expect(await eu.receives("message", within: 0.5) == false)
        hq.send(["type": "topics", "id": "t", "conversation": g])
        let topics = try await hq.next("topics")
        let names = (topics["topics"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["europe", "asia"])
        await d.stop()
    }

    @Test("a retried send is stored once and acked with the same sequence number")
    func retriedSend() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice"])
        let alice = try await d.client("alice")
        alice.send(["type": "send", "id": "same", "conversation": g, "text": "once"])
        let first = try await alice.next("ack")
        let again = try await TestDaemon.reconnect(d, "alice")
        again.send(["type": "send", "id": "same", "conversation": g, "text": "once"])
        let second = try await again.next("ack")
        #expect(first.seq == second.seq)
        again.send(["type": "history", "id": "h", "conversation": g])
        let history = try await again.next("history")
        #expect((history["messages"] as? [Any])?.count == 1)
        // The same id for another text or conversation is a client bug: `conflict`, not the old ack.
        let other = try await d.group("Other", members: ["alice"])
        again.send(["type": "send", "id": "same", "conversation": other, "text": "once"])
        let conflict = try await again.next("error")
        #expect(conflict["code"] as? String == "conflict")
        #expect(conflict["id"] as? String == "same")
        again.send(["type": "send", "id": "same", "conversation": g, "text": "changed"])
        #expect(try await again.next("error")["code"] as? String == "conflict")
        await d.stop()
    }

    @Test("a client that drops and resumes gets exactly what it missed, in order, then live messages")
    func resume() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "bob"])
        let alice = try await d.client("alice")
        var bob = try await d.client("bob")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        for i in 1...3 { alice.send(["type": "send", "id": "m\(i)", "conversation": g, "text": "m\(i)"]) }
        let seen = try await bob.messages(3, in: g).compactMap(\.seq)
        #expect(seen == [1, 2, 3])
        bob.close()
        for i in 4...8 {
            alice.send(["type": "send", "id": "m\(i)", "conversation": g, "text": "m\(i)"])
            try await alice.next("ack", where: { $0["id"] as? String == "m\(i)" })  // acks of m1-m3 are still unread
        }
        bob = try await d.client("bob")
        let unread = try await TestDaemon.unread(bob, g)
        #expect(unread == 8, "unread was \(unread)")
        bob.send(["type": "subscribe", "conversation": g, "since": 3])
        try await bob.next("subscribed")
        alice.send(["type": "send", "id": "m9", "conversation": g, "text": "m9"])
        let missed = try await bob.messages(6, in: g).compactMap(\.seq)
        #expect(missed == [4, 5, 6, 7, 8, 9])
        #expect(await bob.receives("message", within: 0.5) == false)
        bob.send(["type": "read", "conversation": g, "seq": 9])
        let read = try await bob.next("read")
        #expect((read["unread"] as? NSNumber)?.intValue == 0)
        // History pages backwards.
        bob.send(["type": "history", "id": "h", "conversation": g, "before": 6, "limit": 2])
        let page = try await bob.next("history")
        let seqs = (page["messages"] as? [[String: Any]])?.compactMap { ($0["seq"] as? NSNumber)?.int64Value }
        #expect(seqs == [4, 5])
        #expect(page["more"] as? Bool == true)
        await d.stop()
    }

    @Test("clients resuming one conversation at once each get exactly what they missed, in order, then live messages")
    func resumeTogether() async throws {
        let d = try await TestDaemon()
        let names = (0..<6).map { "u\($0)" }
        let g = try await d.group("All hands", members: ["alice"] + names)
        let alice = try await d.client("alice")
        for i in 1...5 {
            alice.send(["type": "send", "id": "m\(i)", "conversation": g, "text": "m\(i)"])
            try await alice.next("ack", where: { $0["id"] as? String == "m\(i)" })
        }
        var clients: [TestClient] = []
        for name in names { clients.append(try await d.client(name)) }
        // Every client asks at once; half of them missed more than the others (the catch-up read is shared).
        for (k, c) in clients.enumerated() { c.send(["type": "subscribe", "conversation": g, "since": k % 2 == 0 ? 2 : 4]) }
        alice.send(["type": "send", "id": "m6", "conversation": g, "text": "m6"])
        for (k, c) in clients.enumerated() {
            try await c.next("subscribed")
            let seen = try await c.messages(k % 2 == 0 ? 4 : 2, in: g).compactMap(\.seq)
            #expect(seen == (k % 2 == 0 ? [3, 4, 5, 6] : [5, 6]), "client \(k) saw \(seen)")
        }
        // Later resumes are served too, and nobody gets a message twice.
        let late = try await d.client("u0")
        late.send(["type": "subscribe", "conversation": g, "since": 5])
        try await late.next("subscribed")
        #expect(try await late.messages(1, in: g).compactMap(\.seq) == [6])
        for c in clients + [late] { #expect(await c.receives("message", within: 0.3) == false) }
        await d.stop()
    }

    @Test("direct messages reach the other user")
    func directMessage() async throws {
        let d = try await TestDaemon()
        let alice = try await d.client("alice")
        let bob = try await d.client("bob")
        bob.send(["type": "subscribe", "conversation": "*"])
        try await bob.next("subscribed")
        alice.send(["type": "direct", "id": "d", "user": "bob"])
        let conversation = try await alice.next("conversation")
        let id = try #require((conversation["conversation"] as? [String: Any])?["id"] as? String)
        alice.send(["type": "send", "id": "x", "conversation": id, "text": "hi bob"])
        #expect(try await bob.next("message").messageText == "hi bob")
        await d.stop()
    }
}

extension TestDaemon {
    static func reconnect(_ d: TestDaemon, _ user: String) async throws -> TestClient { try await d.client(user) }

    /// The unread count of a conversation as `conversations` reports it.
    static func unread(_ client: TestClient, _ conversation: String) async throws -> Int {
        client.send(["type": "conversations", "id": "c"])
        let list = try await client.next("conversations")
        let entry = (list["conversations"] as? [[String: Any]])?.first { $0["id"] as? String == conversation }
        return (entry?["unread"] as? NSNumber)?.intValue ?? -1
    }
}
