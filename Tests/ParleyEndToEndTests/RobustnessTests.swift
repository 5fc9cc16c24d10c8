import Foundation
import Testing

@Suite("Bad input and pressure end to end", .timeLimit(.minutes(5)))
struct RobustnessTests {
    @Test("malformed JSON, unknown types, missing fields get error frames; the session keeps working")
    func malformedFrames() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice"])
        let alice = try await d.client("alice")
        alice.sendRaw("{not json")
        #expect(try await alice.next("error")["code"] as? String == "bad_json")
        alice.sendRaw(#"{"type":"teleport","id":"t"}"#)
        let unknown = try await alice.next("error")
        #expect(unknown["code"] as? String == "unknown_type")
        #expect((unknown["message"] as? String)?.contains("teleport") == true)
        alice.sendRaw(#"{"type":"send","id":"x","text":"no conversation"}"#)
        let missing = try await alice.next("error")
        #expect(missing["code"] as? String == "bad_frame")
        #expect((missing["message"] as? String)?.contains("conversation") == true)
        alice.sendRaw(#"{"type":"send","id":"y","conversation":7,"text":"x"}"#)
        #expect((try await alice.next("error")["message"] as? String)?.contains("conversation") == true)
        alice.send(["type": "send", "id": "ok", "conversation": g, "text": "still here"])
        #expect(try await alice.next("ack").seq == 1)
        await d.stop()
    }

    @Test("an oversized frame closes that connection with 1009; others keep being served")
    func oversizedFrame() async throws {
        let d = try await TestDaemon { $0.hub.maxFrameBytes = 4096 }
        let g = try await d.group("Ops", members: ["alice", "bob"])
        let alice = try await d.client("alice")
        let bob = try await d.client("bob")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        alice.send(["type": "send", "id": "kept", "conversation": g, "text": "before"])
        try await alice.next("ack")
        alice.sendRaw(#"{"type":"send","id":"big","conversation":"\#(g)","text":"\#(String(repeating: "x", count: 10_000))"}"#)
        #expect(await alice.closed() == 1009)
        let other = try await d.client("alice")
        other.send(["type": "history", "id": "h", "conversation": g])
        #expect((try await other.next("history")["messages"] as? [Any])?.count == 1)
        #expect(try await bob.next("message").messageText == "before")
        await d.stop()
    }

    @Test("more frames per second than the limit are refused with rate_limited")
    func rateLimit() async throws {
        let d = try await TestDaemon { $0.hub.messagesPerSecond = 5; $0.hub.messagesBurst = 5 }
        let alice = try await d.client("alice")
        for _ in 0..<12 { alice.send(["type": "ping"]) }
        #expect(try await alice.next("error")["code"] as? String == "rate_limited")
        await d.stop()
    }

    @Test("a client that stops reading is cut off with 4008 while others keep receiving")
    func slowConsumer() async throws {
        let d = try await TestDaemon { $0.hub.outboundQueueBytes = 256 * 1024; $0.hub.messagesPerSecond = 100_000; $0.hub.messagesBurst = 100_000 }
        let g = try await d.group("Ops", members: ["alice", "bob", "sloth"])
        let slow = try RawWebSocket(port: d.daemon.port, token: try await d.token("sloth"))
        try slow.sendText(#"{"type":"subscribe","conversation":"\#(g)"}"#)
        let bob = try await d.client("bob")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        let alice = try await d.client("alice")
        let text = String(repeating: "payload ", count: 1000)
        let count = 1000
        for i in 1...count {
            alice.send(["type": "send", "id": "m\(i)", "conversation": g, "text": text])
            if i % 10 == 0 { try await alice.next("ack", where: { $0["id"] as? String == "m\(i)" }) }
        }
        let got = try await bob.messages(count, in: g, timeout: 30)
        #expect(got.last?.seq == Int64(count))
        // The slow client's queue overflowed: the server dropped it (close 4008 if it could still write).
        let (status, metrics) = try await HTTP.request("GET", d.http + "/metrics", token: nil)
        #expect(status == 200)
        let raw = metrics["raw"] as? String ?? ""
        // Exactly one cut-off (the sloth): the whole sample line, not a prefix of "… 10".
        #expect(raw.split(separator: "\n").contains("parley_queue_cutoffs_total 1"), "\(raw.split(separator: "\n").filter { $0.contains("cutoffs") })")
        #expect(await slow.drainUntilClosed(timeout: 10))
        await d.stop()
    }

    @Test("a reader that pauses while a backlog builds gets all of it, in order, once it reads again")
    func pausedReader() async throws {
        let d = try await TestDaemon { $0.hub.messagesPerSecond = 100_000; $0.hub.messagesBurst = 100_000 }
        let g = try await d.group("Ops", members: ["alice", "nap"])
        // A 4 kB receive window: the backlog cannot fit in the kernel's buffers, so the hub's
        // writes come back short and it must finish them when the socket drains.
        let nap = try RawWebSocket(port: d.daemon.port, token: try await d.token("nap"))
        try nap.sendText(#"{"type":"subscribe","conversation":"\#(g)"}"#)
        #expect(await nap.texts(timeout: 10) { $0.contains(#""type":"subscribed""#) }.last?.contains("subscribed") == true)
        let alice = try await d.client("alice")
        let count = 150
        let text = String(repeating: "payload ", count: 100)
        for i in 1...count {
            alice.send(["type": "send", "id": "m\(i)", "conversation": g, "text": text])
            if i % 10 == 0 { try await alice.next("ack", where: { $0["id"] as? String == "m\(i)" }) }
        }
        // Every message is stored and fanned out; about 130 kB wait for the reader.
        let frames = await nap.texts(timeout: 20) { $0.contains(#""seq":\#(count),"#) }
        let seqs = frames.compactMap { frame -> Int? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(frame.utf8)) as? [String: Any],
                  object["type"] as? String == "message" else { return nil }
            #expect(object["text"] as? String == text)
            return object["seq"] as? Int
        }
        #expect(seqs == Array(1...count))
        await d.stop()
    }

    @Test("keepalive: a silent peer is pinged, then closed with 1001 after the idle timeout; a peer that answers pings stays")
    func keepalive() async throws {
        let d = try await TestDaemon { $0.hub.pingInterval = 1; $0.hub.idleTimeout = 6 }
        let g = try await d.group("Ops", members: ["alice", "mute"])
        // Both are raw sockets read on threads of their own: alice answers pings, as browsers do.
        let alice = try RawWebSocket(port: d.daemon.port, token: try await d.token("alice"))
        let mute = try RawWebSocket(port: d.daemon.port, token: try await d.token("mute"))
        let start = Date()
        async let answered = alice.answeringPings(for: 12)
        let frames = await mute.opcodes(timeout: 25)
        let pings = frames.filter { $0.opcode == 0x9 }
        let close = try #require(frames.first { $0.opcode == 0x8 }, "the silent peer was never closed: \(frames.map(\.opcode))")
        #expect(!pings.isEmpty)
        #expect(pings.first.map { $0.at.timeIntervalSince(start) >= 0.5 } == true)
        let closedAfter = close.at.timeIntervalSince(start)
        #expect(closedAfter >= 5.5 && closedAfter < 20, "closed after \(closedAfter) s")
        #expect(pings.allSatisfy { $0.at < close.at })
        // Alice said nothing for 12 s but answered every ping: pinged, never closed, still served.
        let seen = await answered
        #expect(seen.contains(0x9))
        #expect(!seen.contains(0x8))
        try alice.sendText(#"{"type":"subscribe","conversation":"\#(g)"}"#)
        #expect(await alice.texts(timeout: 10) { $0.contains(#""type":"subscribed""#) }.last?.contains("subscribed") == true)
        await d.stop()
    }
}
