import Foundation
import Testing

extension ClusterTests {
    @Test("9. an edit, reactions from both nodes and a deletion reach readers on the other node; both nodes' histories agree")
    func messageActionsAcrossNodes() async throws {
        let pair = try await Pair()
        let g = try await pair.a.group("Ops", members: ["alice", "bob", "li"])
        let alice = try await pair.a.client("alice"), bob = try await pair.b.client("bob"), li = try await pair.b.client("li", lang: "zh")
        for c in [li] {
            c.send(["type": "subscribe", "conversation": g])
            try await c.next("subscribed")
        }
        alice.send(["type": "send", "id": "m1", "conversation": g, "text": "The pump is late."])
        _ = try await alice.next("ack")
        #expect(try await li.next("message").seq == 1)
        alice.send(["type": "edit", "id": "e1", "conversation": g, "seq": 1, "text": "The excavator needs a new hydraulic pump."])
        _ = try await alice.next("ack")
        let edit = try await li.next("message")
        #expect(edit["kind"] as? String == "edit")
        #expect(edit.messageText?.contains("挖掘机") == true, "\(edit.messageText ?? "-")")
        alice.send(["type": "react", "id": "r1", "conversation": g, "seq": 1, "emoji": "👍"])
        bob.send(["type": "react", "id": "r2", "conversation": g, "seq": 1, "emoji": "👍"])
        _ = try await alice.next("ack")
        _ = try await bob.next("ack")
        for _ in 0..<2 { #expect(try await li.next("message")["kind"] as? String == "reaction") }
        func history(_ client: TestClient, _ id: String) async throws -> [[String: Any]] {
            client.send(["type": "history", "id": id, "conversation": g])
            return (try await client.next("history", where: { $0["id"] as? String == id })["messages"] as? [[String: Any]]) ?? []
        }
        let onA = try await history(alice, "ha"), onB = try await history(bob, "hb")
        #expect((onA.first?["reactions"] as? [String: [String]])?["👍"]?.sorted() == ["alice@acme", "bob@acme"])
        #expect((onB.first?["reactions"] as? [String: [String]])?["👍"]?.sorted() == ["alice@acme", "bob@acme"])
        alice.send(["type": "delete", "id": "d1", "conversation": g, "seq": 1])
        _ = try await alice.next("ack")
        let deletion = try await li.next("message")
        #expect(deletion["kind"] as? String == "delete")
        let after = try await history(bob, "hb2")
        #expect(after.first?["deleted"] != nil && after.first?["text"] as? String == "")
        await pair.stop()
    }
}
