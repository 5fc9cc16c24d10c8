import Foundation
import ParleyClient
import Testing

/// Issue 12: search finds what the asker may see, in any language, and never anything else.
@Suite("Search end to end", .timeLimit(.minutes(5)))
struct SearchTests {
    func search(_ client: TestClient, _ fields: [String: Any], id: String) async throws -> ParleyFrame {
        var frame = fields
        frame["type"] = "search"
        frame["id"] = id
        client.send(frame)
        return try await client.next("search", where: { $0["id"] as? String == id })
    }

    func results(_ frame: ParleyFrame) -> [[String: Any]] { (frame["results"] as? [[String: Any]]) ?? [] }
    func messages(_ frame: ParleyFrame) -> [[String: Any]] { results(frame).compactMap { $0["message"] as? [String: Any] } }

    func post(_ client: TestClient, _ conversation: String, _ text: String, id: String, topic: String? = nil) async throws {
        var frame: [String: Any] = ["type": "send", "id": id, "conversation": conversation, "text": text]
        if let topic { frame["topic"] = topic }
        client.send(frame)
        try await client.next("ack", where: { $0["id"] as? String == id })
    }

    @Test("the access matrix: members find, non-members, partners outside their groups, removed members and other tenants find nothing")
    func accessMatrix() async throws {
        let d = try await TestDaemon()
        let g1 = try await d.group("Plant", members: ["alice", "bob"])
        let g2 = try await d.group("Board", members: ["carol"])
        let shared = try await d.group("Supplier", members: ["alice", "pat@partner"], shares: ["partner"])
        let other = try await d.group("Globex plant", members: ["gina"], tenant: "globex")
        let alice = try await d.client("alice"), bob = try await d.client("bob"), carol = try await d.client("carol")
        let pat = try await d.client("pat", tenant: "partner"), gina = try await d.client("gina", tenant: "globex")
        try await post(alice, g1, "The excavator order is late", id: "a1")
        try await post(carol, g2, "Board: the excavator budget is secret", id: "c1")
        try await post(pat, shared, "Excavator parts ship on Monday", id: "p1")
        try await post(gina, other, "Globex excavator plans", id: "g1")

        func conversations(_ frame: ParleyFrame) -> Set<String> { Set(messages(frame).compactMap { $0["conversation"] as? String }) }
        #expect(conversations(try await search(alice, ["query": "excavator"], id: "s1")) == [g1, shared])
        #expect(conversations(try await search(carol, ["query": "excavator"], id: "s2")) == [g2])
        #expect(conversations(try await search(pat, ["query": "excavator"], id: "s3")) == [shared])
        #expect(conversations(try await search(gina, ["query": "excavator"], id: "s4")) == [other])
        // Filters never widen the scope: another's conversation, or one that does not exist, give the same nothing.
        for (n, filters) in [["conversation": g2], ["conversation": "g-404"], ["conversation": other], ["from": "carol"],
                             ["conversation": g2, "from": "carol", "since": "2020-01-01"], ["kind": "minutes"]].enumerated() {
            let frame = try await search(alice, filters.merging(["query": "excavator"]) { $1 }, id: "f\(n)")
            #expect(results(frame).isEmpty, "\(filters)")
            #expect(frame["next"] == nil)
        }
        let admin = try await d.token("admin", admin: true)
        let (status, _) = try await d.request("DELETE", "/api/v1/groups/\(g1)/members/bob", token: admin)
        #expect(status == 200)
        #expect(results(try await search(bob, ["query": "excavator"], id: "s5")).isEmpty, "a removed member finds nothing at once")
        let globexAdmin = try await d.client("admin", tenant: "globex")
        #expect(conversations(try await search(globexAdmin, ["query": "excavator"], id: "s6")).isEmpty)
        await d.stop()
    }

    @Test("across languages and in Chinese: a Spanish query finds Chinese text, a Chinese query finds English text")
    func crossLanguage() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Plant", members: ["li", "ana", "bob"])
        let li = try await d.client("li", lang: "zh"), ana = try await d.client("ana", lang: "es"), bob = try await d.client("bob", lang: "en")
        try await post(li, g, "挖掘机的零件下周五到。", id: "z1")
        try await post(bob, g, "The crane needs new cables.", id: "e1")
        let es = try await search(ana, ["query": "excavadora"], id: "q1")
        let hit = try #require(results(es).first)
        #expect((hit["message"] as? [String: Any])?["clientId"] as? String == "z1")
        #expect(hit["matched"] as? String == "zh")
        // The text comes in the reader's language, with the original.
        #expect(((hit["message"] as? [String: Any])?["original"] as? [String: Any])?["text"] as? String == "挖掘机的零件下周五到。")
        let zh = try await search(li, ["query": "起重机"], id: "q2")
        #expect(messages(zh).first?["clientId"] as? String == "e1")
        #expect(results(zh).first?["matched"] as? String == "en")
        // Chinese words inside a sentence, and one character.
        #expect(messages(try await search(bob, ["query": "零件"], id: "q3")).first?["clientId"] as? String == "z1")
        #expect(messages(try await search(bob, ["query": "机"], id: "q4")).count == 1)
        // Case and accents do not matter.
        try await post(ana, g, "La grúa número 3 está lista", id: "s1")
        #expect(messages(try await search(bob, ["query": "GRUA"], id: "q5")).contains { $0["clientId"] as? String == "s1" })
        await d.stop()
    }

    @Test("snippets mark the match; pages hold no duplicate and end; hostile queries get bad_query, never a stall")
    func snippetsPagingHostile() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Yard", members: ["alice"])
        let alice = try await d.client("alice")
        let long = String(repeating: "filler words before the match ", count: 6) + "then the Excavator arrives" + String(repeating: " and more after", count: 10)
        try await post(alice, g, long, id: "long")
        let hit = try #require(results(try await search(alice, ["query": "excavator"], id: "s")).first)
        let snippet = try #require(hit["snippet"] as? String)
        let marks = try #require(hit["highlights"] as? [[Int]])
        #expect(snippet.hasPrefix("…") && snippet.count < long.count)
        let utf16 = Array(snippet.utf16)
        let marked = marks.map { String(decoding: utf16[$0[0]..<$0[1]], as: UTF16.self) }
        #expect(marked == ["Excavator"])

        for i in 1...25 { try await post(alice, g, "crane inspection \(i)", id: "c\(i)") }
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            var q: [String: Any] = ["query": "crane", "limit": 10]
            if let cursor { q["cursor"] = cursor }
            let page = try await search(alice, q, id: "p\(pages)")
            seen += messages(page).compactMap { $0["clientId"] as? String }
            cursor = page["next"] as? String
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(seen.count == 25 && Set(seen).count == 25)
        #expect(seen.first == "c25", "newest first")
        let byRelevance = try await search(alice, ["query": "crane inspection", "order": "relevance", "limit": 50], id: "r")
        #expect(messages(byRelevance).count == 25)

        for (n, query) in ["*", "a", "\"", "()", String(repeating: "x OR ", count: 1000)].enumerated() {
            alice.send(["type": "search", "id": "h\(n)", "query": query])
            let answer = try await alice.next("error", where: { $0["id"] as? String == "h\(n)" })
            #expect(["bad_query", "bad_frame"].contains(answer["code"] as? String ?? ""), "\(query.prefix(20)): \(answer["message"] ?? "")")
        }
        // Query syntax is never interpreted: quotes, operators and stars are just characters around words.
        #expect(messages(try await search(alice, ["query": "\"excavator*\""], id: "q")).count == 1)
        #expect(messages(try await search(alice, ["query": "NEAR(excavator OR"], id: "q2")).isEmpty)
        await d.stop()
    }

    @Test("minutes are found by their attendees only")
    func minutes() async throws {
        let d = try await TestDaemon()
        let alice = try await d.client("alice"), bob = try await d.client("bob"), carol = try await d.client("carol")
        alice.send(["type": "meeting.start", "id": "s", "title": "Gearbox review", "attendees": ["bob"]])
        let meeting = try #require(try await alice.next("meeting.started")["meeting"] as? String)
        alice.send(["type": "meeting.utterance", "meeting": meeting, "speaker": "Bob", "text": "We decided to replace the gearbox supplier."])
        alice.send(["type": "meeting.end", "id": "e", "meeting": meeting])
        try await alice.next("meeting.ended")
        let found = try await search(bob, ["query": "gearbox", "kind": "minutes"], id: "m1")
        let hit = try #require(results(found).first)
        #expect((hit["minutes"] as? [String: Any])?["meeting"] as? String == meeting)
        #expect((hit["snippet"] as? String)?.lowercased().contains("gearbox") == true)
        #expect(results(try await search(alice, ["query": "gearbox", "kind": "minutes"], id: "m2")).count == 1)
        #expect(results(try await search(carol, ["query": "gearbox", "kind": "minutes"], id: "m3")).isEmpty)
        await d.stop()
    }

    @Test("kill -9 after acks: every acked message is found after the restart")
    func crashConsistency() async throws {
        let dir = NSTemporaryDirectory() + "parley-search-kill-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var daemon = try await DaemonProcess(dataDirectory: dir)
        let (_, group) = try await HTTP.request("POST", daemon.http + "/api/v1/groups", token: try await daemon.token("admin", admin: true),
                                                body: ["title": "Ops", "members": ["alice"]])
        let g = try #require(group["id"] as? String)
        let alice = try await daemon.client("alice")
        for i in 1...40 { alice.send(["type": "send", "id": "k\(i)", "conversation": g, "text": "durable loader \(i)"]) }
        for _ in 1...40 { try await alice.next("ack") }
        daemon.kill(signal: SIGKILL)
        _ = daemon.waitForExit(timeout: 15)
        daemon = try await DaemonProcess(dataDirectory: dir)
        let again = try await daemon.client("alice")
        let found = messages(try await search(again, ["query": "loader", "limit": 50], id: "s"))
        #expect(Set(found.compactMap { $0["clientId"] as? String }) == Set((1...40).map { "k\($0)" }))
        daemon.kill(signal: SIGTERM)
        _ = daemon.waitForExit(timeout: 15)
    }
}

typealias ParleyFrame = ParleyConnection.Frame
