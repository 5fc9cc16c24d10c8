import Foundation
import Testing

/// Issue 25: edit, delete, reply and react, through a real daemon over real WebSockets.
@Suite("Message actions end to end", .timeLimit(.minutes(5)))
struct MessageActionTests {
    func subscribe(_ clients: [TestClient], _ conversation: String, since: Int? = nil) async throws {
        for c in clients {
            var frame: [String: Any] = ["type": "subscribe", "conversation": conversation]
            if let since { frame["since"] = since }
            c.send(frame)
            try await c.next("subscribed")
        }
    }

    func original(_ frame: ParleyFrame) -> String? { (frame["original"] as? [String: Any])?["text"] as? String ?? frame.messageText }

    func history(_ client: TestClient, _ conversation: String) async throws -> [[String: Any]] {
        let id = "h-\(UUID().uuidString)"
        client.send(["type": "history", "id": id, "conversation": conversation])
        return (try await client.next("history", where: { $0["id"] as? String == id })["messages"] as? [[String: Any]]) ?? []
    }

    func error(_ client: TestClient, _ id: String) async throws -> ParleyFrame {
        try await client.next("error", where: { $0["id"] as? String == id })
    }

    @Test("an edit reaches en, zh and es readers live, each in their language, and after a reconnect with since")
    func editAcrossLanguages() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Plant", members: ["sam", "li", "ana", "bob"])
        let li = try await d.client("li", lang: "zh"), ana = try await d.client("ana", lang: "es"), bob = try await d.client("bob", lang: "en")
        try await subscribe([li, ana, bob], g)
        let sam = try await d.client("sam", lang: "en")
        sam.send(["type": "send", "id": "m1", "conversation": g, "text": "The pump is late."])
        #expect(try await sam.next("ack").seq == 1)
        for c in [li, ana, bob] { _ = try await c.next("message") }

        let edited = "The excavator needs a new hydraulic pump."
        sam.send(["type": "edit", "id": "e1", "conversation": g, "seq": 1, "text": edited])
        let ack = try await sam.next("ack")
        #expect(ack["id"] as? String == "e1")
        #expect(ack.seq == 2)
        let zh = try await li.next("message"), es = try await ana.next("message"), en = try await bob.next("message")
        for frame in [zh, es, en] {
            #expect(frame["kind"] as? String == "edit")
            #expect((frame["target"] as? NSNumber)?.int64Value == 1)
            #expect(original(frame) == edited)
        }
        #expect(zh["lang"] as? String == "zh")
        #expect(zh.messageText?.contains("挖掘机") == true, "\(zh.messageText ?? "-")")
        #expect(es["lang"] as? String == "es")
        #expect(es.messageText?.lowercased().contains("excavadora") == true, "\(es.messageText ?? "-")")
        #expect(en.messageText == edited)

        // Offline during the edit: a reconnect with `since` replays the edit event, in the reader's language.
        let liAgain = try await d.client("li", lang: "zh")
        try await subscribe([liAgain], g, since: 1)
        let replayed = try await liAgain.next("message")
        #expect(replayed.seq == 2)
        #expect(replayed["kind"] as? String == "edit")
        #expect(replayed.messageText?.contains("挖掘机") == true)
        // From scratch: the message itself already holds the new text, marked edited.
        let anaAgain = try await d.client("ana", lang: "es")
        let page = try await history(anaAgain, g)
        #expect(page.count == 2)
        #expect(page.first?["edited"] != nil)
        #expect(((page.first?["original"] as? [String: Any])?["text"] as? String) == edited)
        #expect((page.first?["text"] as? String)?.lowercased().contains("excavadora") == true)
        // An edit is not unread news: bob read message 1, and stays at 0.
        bob.send(["type": "read", "id": "r", "conversation": g, "seq": 1])
        #expect((try await bob.next("read")["unread"] as? NSNumber)?.intValue == 0)
        await d.stop()
    }

    @Test("only the sender edits; sender or tenant admin deletes; bad targets and texts are refused by name")
    func permissions() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "bob", "admin"])
        let other = try await d.group("Board", members: ["carol"])
        let alice = try await d.client("alice"), bob = try await d.client("bob"), admin = try await d.adminClient()
        alice.send(["type": "send", "id": "a1", "conversation": g, "text": "from alice"])
        _ = try await alice.next("ack")
        bob.send(["type": "send", "id": "b1", "conversation": g, "text": "from bob"])
        _ = try await bob.next("ack")

        bob.send(["type": "edit", "id": "x1", "conversation": g, "seq": 1, "text": "bob was here"])
        let notTheSender = try await error(bob, "x1")
        #expect(notTheSender["code"] as? String == "forbidden")
        #expect((notTheSender["message"] as? String)?.contains("#1") == true)
        admin.send(["type": "edit", "id": "x2", "conversation": g, "seq": 1, "text": "admin was here"])
        #expect(try await error(admin, "x2")["code"] as? String == "forbidden")
        bob.send(["type": "delete", "id": "x3", "conversation": g, "seq": 1])
        #expect(try await error(bob, "x3")["code"] as? String == "forbidden")
        alice.send(["type": "edit", "id": "x4", "conversation": g, "seq": 99, "text": "nothing there"])
        let missing = try await error(alice, "x4")
        #expect(missing["code"] as? String == "not_found")
        #expect((missing["message"] as? String)?.contains("#99") == true)
        alice.send(["type": "edit", "id": "x5", "conversation": g, "seq": 1, "text": "   "])
        #expect(try await error(alice, "x5")["code"] as? String == "bad_frame")
        alice.send(["type": "edit", "id": "x6", "conversation": g, "seq": 1, "text": String(repeating: "x", count: 20_000)])
        #expect(try await error(alice, "x6")["code"] as? String == "too_large")
        alice.send(["type": "delete", "id": "x7", "conversation": other, "seq": 1])
        #expect(try await error(alice, "x7")["code"] as? String == "forbidden")
        // Nothing changed.
        let unchanged = try await history(alice, g)
        #expect(unchanged.map { $0["text"] as? String } == ["from alice", "from bob"])

        // Earlier versions: for the sender and admins of the tenant, not for other members.
        alice.send(["type": "edit", "id": "v1", "conversation": g, "seq": 1, "text": "from alice, edited"])
        _ = try await alice.next("ack")
        alice.send(["type": "message.versions", "id": "v2", "conversation": g, "seq": 1])
        let versions = try await alice.next("message.versions")
        let kept = versions["versions"] as? [[String: Any]]
        #expect(kept?.map { $0["text"] as? String } == ["from alice"])
        #expect(versions["edited"] != nil)
        admin.send(["type": "message.versions", "id": "v3", "conversation": g, "seq": 1])
        #expect((try await admin.next("message.versions")["versions"] as? [Any])?.count == 1)
        bob.send(["type": "message.versions", "id": "v4", "conversation": g, "seq": 1])
        #expect(try await error(bob, "v4")["code"] as? String == "forbidden")

        // A tenant admin deletes anyone's message; the sender deletes their own; then neither edits it.
        admin.send(["type": "delete", "id": "d1", "conversation": g, "seq": 2])
        #expect(try await admin.next("ack").seq == 4)
        alice.send(["type": "delete", "id": "d2", "conversation": g, "seq": 1])
        #expect(try await alice.next("ack").seq == 5)
        alice.send(["type": "message.versions", "id": "v5", "conversation": g, "seq": 1])
        #expect((try await alice.next("message.versions")["versions"] as? [Any])?.isEmpty == true, "a deletion erases the versions")
        alice.send(["type": "edit", "id": "x8", "conversation": g, "seq": 1, "text": "too late"])
        let gone = try await error(alice, "x8")
        #expect(gone["code"] as? String == "not_found")
        #expect((gone["message"] as? String)?.contains("deleted") == true)
        let after = try await history(alice, g)
        #expect(after.count == 5)
        #expect(after[0]["deleted"] != nil && after[0]["text"] as? String == "")
        #expect(after[1]["deleted"] != nil && after[1]["text"] as? String == "")
        await d.stop()
    }

    @Test("a deletion erases the text from the readers, history, search and the database files")
    func deleteErases() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "bob"])
        let alice = try await d.client("alice"), bob = try await d.client("bob", lang: "zh")
        try await subscribe([bob], g)
        alice.send(["type": "send", "id": "m1", "conversation": g, "text": "The zanzibarcode excavator plan"])
        _ = try await alice.next("ack")
        alice.send(["type": "edit", "id": "e1", "conversation": g, "seq": 1, "text": "The quuxmarker excavator plan"])
        _ = try await alice.next("ack")
        func found(_ query: String, _ id: String) async throws -> Int {
            alice.send(["type": "search", "id": id, "query": query])
            return ((try await alice.next("search", where: { $0["id"] as? String == id })["results"] as? [Any]) ?? []).count
        }
        // Search follows the edit: the new word is found, the old one no longer.
        #expect(try await found("quuxmarker", "s1") == 1)
        #expect(try await found("zanzibarcode", "s2") == 0)

        alice.send(["type": "delete", "id": "d1", "conversation": g, "seq": 1])
        #expect(try await alice.next("ack").seq == 3)
        _ = try await bob.next("message")
        _ = try await bob.next("message")
        let deletion = try await bob.next("message")
        #expect(deletion["kind"] as? String == "delete")
        #expect((deletion["target"] as? NSNumber)?.int64Value == 1)
        #expect(deletion.messageText == "")
        #expect(try await found("quuxmarker", "s3") == 0)
        let page = try await history(bob, g)
        #expect(page.map { $0["text"] as? String } == ["", "", ""])
        #expect(page[0]["deleted"] != nil)

        let directory = d.directory
        await d.stop(keepingData: true)
        if !TestStore.onPostgres {
            // Every regular file under the data directory (the database, its WAL, the search index;
            // `files/` holds uploads, none here).
            let files = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
            #expect(!files.isEmpty)
            for file in files {
                let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(file))
                // The search index file is derived: its rows (the words' index forms) are removed, but
                // FTS5 (SQLite 3.40) keeps a deleted row's terms in its segments until they merge, so
                // there only the texts as written are checked.
                let words = file.contains(".search") ? ["The zanzibarcode excavator plan", "The quuxmarker excavator plan"]
                    : ["zanzibarcode", "quuxmarker"]
                for word in words {
                    #expect(data.range(of: Data(word.utf8)) == nil, "\(word) is still in \(file)")
                }
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test("a reply names the message it answers; a reply to nothing is refused")
    func replies() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "li"])
        let alice = try await d.client("alice"), li = try await d.client("li", lang: "zh")
        try await subscribe([li], g)
        alice.send(["type": "send", "id": "m1", "conversation": g, "text": "The excavator needs a new hydraulic pump."])
        _ = try await alice.next("ack")
        alice.send(["type": "send", "id": "m2", "conversation": g, "text": "Who orders it?", "reply_to": 1])
        #expect(try await alice.next("ack").seq == 2)
        _ = try await li.next("message")
        let reply = try await li.next("message")
        #expect((reply["replyTo"] as? NSNumber)?.int64Value == 1)
        alice.send(["type": "send", "id": "m3", "conversation": g, "text": "to nothing", "reply_to": 7])
        #expect(try await error(alice, "m3")["code"] as? String == "not_found")
        let page = try await history(li, g)
        #expect((page.last?["replyTo"] as? NSNumber)?.int64Value == 1)
        // In a topic group a reply stays in the original's topic.
        let t = try await d.group("Regions", kind: "topics", members: ["alice"])
        alice.send(["type": "send", "id": "t1", "conversation": t, "topic": "europe", "text": "Berlin"])
        _ = try await alice.next("ack")
        alice.send(["type": "send", "id": "t2", "conversation": t, "topic": "asia", "text": "which office?", "reply_to": 1])
        _ = try await alice.next("ack")
        let topics = try await history(alice, t)
        #expect(topics.last?["topic"] as? String == "europe")
        await d.stop()
    }

    @Test("reactions toggle, are counted per emoji and who, are not unread, and refuse what is not one emoji")
    func reactions() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "bob", "carol"])
        let alice = try await d.client("alice"), bob = try await d.client("bob"), carol = try await d.client("carol")
        try await subscribe([alice], g)
        alice.send(["type": "send", "id": "m1", "conversation": g, "text": "Crane 3 is back online"])
        _ = try await alice.next("ack")
        alice.send(["type": "read", "id": "r", "conversation": g, "seq": 1])
        _ = try await alice.next("read")
        bob.send(["type": "react", "id": "r1", "conversation": g, "seq": 1, "emoji": "👍"])
        _ = try await bob.next("ack")
        carol.send(["type": "react", "id": "r2", "conversation": g, "seq": 1, "emoji": "👍"])
        _ = try await carol.next("ack")
        bob.send(["type": "react", "id": "r3", "conversation": g, "seq": 1, "emoji": "🎉"])
        _ = try await bob.next("ack")
        bob.send(["type": "react", "id": "r4", "conversation": g, "seq": 1, "emoji": "👍"])
        _ = try await bob.next("ack")
        var states: [Bool] = []
        for _ in 0..<4 {
            let r = try await alice.next("message")
            #expect(r["kind"] as? String == "reaction")
            states.append(((r["payload"] as? [String: Any])?["on"] as? Bool) ?? false)
        }
        #expect(states == [true, true, true, false])
        for bad in ["ok", "👍👍", "1", ""] {
            bob.send(["type": "react", "id": "bad", "conversation": g, "seq": 1, "emoji": bad])
            #expect(try await error(bob, "bad")["code"] as? String == "bad_frame", "\(bad)")
        }
        bob.send(["type": "react", "id": "r5", "conversation": g, "seq": 42, "emoji": "👍"])
        #expect(try await error(bob, "r5")["code"] as? String == "not_found")
        // Carol has alice's message to read, not bob's reactions (nor her own).
        #expect(try await TestDaemon.unread(carol, g) == 1)
        // The final state, for a client that saw none of it: counts per emoji and who.
        let page = try await history(carol, g)
        let reactions = page.first?["reactions"] as? [String: [String]]
        #expect(reactions == ["👍": ["carol@acme"], "🎉": ["bob@acme"]])
        await d.stop()
    }

    @Test("mentions are structured references to members (or all) that every reader gets beside the translated text")
    func mentions() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "li"])
        let alice = try await d.client("alice"), li = try await d.client("li", lang: "zh")
        try await subscribe([li], g)
        alice.send(["type": "send", "id": "m1", "conversation": g, "text": "@li the excavator needs a new hydraulic pump.",
                    "mentions": ["li", "all", "li@acme"]])
        _ = try await alice.next("ack")
        let got = try await li.next("message")
        #expect((got["payload"] as? [String: Any])?["mentions"] as? [String] == ["li@acme", "all"])
        #expect(got["lang"] as? String == "zh")
        alice.send(["type": "send", "id": "m2", "conversation": g, "text": "@carol hi", "mentions": ["carol"]])
        let refused = try await error(alice, "m2")
        #expect(refused["code"] as? String == "bad_frame")
        #expect((refused["message"] as? String)?.contains("carol") == true)
        let page = try await history(li, g)
        #expect((page.first?["payload"] as? [String: Any])?["mentions"] as? [String] == ["li@acme", "all"])
        await d.stop()
    }

    @Test("typing is passed on to the others in small conversations, at a bounded rate, and never stored")
    func typing() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Pair", members: ["alice", "bob"])
        let big = try await d.group("All hands", members: ["alice", "bob"] + (1...20).map { "u\($0)" })
        let alice = try await d.client("alice"), bob = try await d.client("bob")
        try await subscribe([alice, bob], g)
        try await subscribe([bob], big)
        alice.send(["type": "typing", "conversation": g])
        let typing = try await bob.next("typing")
        #expect(typing["conversation"] as? String == g)
        #expect((typing["user"] as? [String: Any])?["id"] as? String == "alice")
        alice.send(["type": "typing", "conversation": g])
        alice.send(["type": "typing", "conversation": big])
        #expect(await bob.receives("typing", within: 0.5) == false)
        #expect(await alice.receives("typing", within: 0.1) == false)
        #expect(try await history(bob, g).isEmpty)
        await d.stop()
    }

    @Test("with an edit window, an older message can no longer be edited (it can still be deleted)")
    func editWindow() async throws {
        let d = try await TestDaemon { $0.hub.editWindow = 4 }  // seconds: room for a loaded machine
        let g = try await d.group("Ops", members: ["alice"])
        let alice = try await d.client("alice")
        alice.send(["type": "send", "id": "m1", "conversation": g, "text": "first"])
        _ = try await alice.next("ack")
        alice.send(["type": "edit", "id": "e1", "conversation": g, "seq": 1, "text": "in time"])
        #expect(try await alice.next("ack").seq == 2)
        try await Task.sleep(for: .milliseconds(4_200))
        alice.send(["type": "edit", "id": "e2", "conversation": g, "seq": 1, "text": "too late"])
        let late = try await error(alice, "e2")
        #expect(late["code"] as? String == "forbidden")
        #expect((late["message"] as? String)?.contains("edit window") == true)
        alice.send(["type": "delete", "id": "d1", "conversation": g, "seq": 1])
        #expect(try await alice.next("ack").seq == 3)
        await d.stop()
    }
}
