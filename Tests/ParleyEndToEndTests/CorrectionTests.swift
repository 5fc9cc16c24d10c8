import Foundation
import Testing

@Suite("Translation corrections end to end", .timeLimit(.minutes(5)))
struct CorrectionTests {
    static let sentence = "请李娜下周五之前把供应商名单发给大家。"
    static let corrected = "Li Na, please send everyone the supplier list by next Friday."

    @Test("zh sender, en and de readers: an accepted en correction is what the next en reader sees, in this tenant only, after a restart too")
    func correctionChangesTheNextRendering() async throws {
        var d = try await TestDaemon()
        let g = try await d.group("Loaders", members: ["wei", "bob", "uta", "ann"])
        let other = try await d.group("Loaders", members: ["wei", "bob"], tenant: "globex")
        let bob = try await d.client("bob", lang: "en")
        let uta = try await d.client("uta", lang: "de")
        let gbob = try await d.client("bob", tenant: "globex", lang: "en")
        for c in [bob, uta] {
            c.send(["type": "subscribe", "conversation": g])
            try await c.next("subscribed")
        }
        gbob.send(["type": "subscribe", "conversation": other])
        try await gbob.next("subscribed")
        let wei = try await d.client("wei", lang: "zh")
        wei.send(["type": "send", "id": "1", "conversation": g, "text": Self.sentence])

        // Each reader gets their own rendering.
        let en = try await bob.next("message")
        let machine = try #require(en.messageText)
        #expect(en["lang"] as? String == "en")
        #expect(machine.contains("Li Na"))
        #expect(en["engine"] as? String != "memory")
        let de = try await uta.next("message")
        #expect(de["lang"] as? String == "de")
        #expect(de.messageText?.contains("nächsten Freitag") == true)
        let seq = try #require(en.seq)

        // Bob suggests a better English rendering; an admin of acme sees it pending and accepts it.
        bob.send(["type": "translation.suggest", "id": "s1", "conversation": g, "seq": seq, "lang": "en", "text": Self.corrected])
        let suggested = try await bob.next("translation.suggested")
        let suggestion = try #require(suggested["suggestion"] as? [String: Any])
        #expect(suggestion["state"] as? String == "pending")
        #expect(suggestion["machine"] as? String == machine)
        let id = try #require(suggestion["id"] as? String)

        // Another tenant's admin neither sees nor decides it; a member cannot decide it.
        let outsider = try await d.adminClient("boss", tenant: "globex")
        outsider.send(["type": "translation.suggestions", "id": "l"])
        #expect((try await outsider.next("translation.suggestions")["suggestions"] as? [Any])?.isEmpty == true)
        outsider.send(["type": "translation.accept", "id": "a", "suggestion": id])
        #expect(try await outsider.next("error")["code"] as? String == "not_found")
        bob.send(["type": "translation.accept", "id": "a", "suggestion": id])
        #expect(try await bob.next("error")["code"] as? String == "forbidden")
        bob.send(["type": "translation.suggest", "id": "bad", "conversation": g, "seq": seq, "lang": "en"])
        let bad = try await bob.next("error")
        #expect(bad["code"] as? String == "bad_frame")
        #expect((bad["message"] as? String)?.contains("'text'") == true)

        let admin = try await d.adminClient()
        admin.send(["type": "translation.suggestions", "id": "l"])
        let pending = try #require(try await admin.next("translation.suggestions")["suggestions"] as? [[String: Any]])
        #expect(pending.compactMap { $0["id"] as? String } == [id])
        #expect(pending.first?["sourceText"] as? String == Self.sentence)
        admin.send(["type": "translation.accept", "id": "a", "suggestion": id])
        #expect((try await admin.next("translation.decided")["suggestion"] as? [String: Any])?["state"] as? String == "accepted")

        // The same sentence again (near-identical: no full stop): the en reader gets the correction,
        // the de reader still the engine's German.
        wei.send(["type": "send", "id": "2", "conversation": g, "text": "请李娜下周五之前把供应商名单发给大家"])
        let next = try await bob.next("message")
        #expect(next.messageText == Self.corrected)
        #expect(next["engine"] as? String == "memory")
        #expect((next["original"] as? [String: Any])?["text"] as? String == "请李娜下周五之前把供应商名单发给大家")
        let nextDe = try await uta.next("message")
        #expect(nextDe["engine"] as? String != "memory")
        #expect(nextDe.messageText?.contains("nächsten Freitag") == true)

        // A reader who comes later reads both messages corrected in the history.
        let ann = try await d.client("ann", lang: "en")
        ann.send(["type": "history", "id": "h", "conversation": g])
        let history = try #require(try await ann.next("history")["messages"] as? [[String: Any]])
        #expect(history.map { $0["text"] as? String } == [Self.corrected, Self.corrected])

        // Search results render the same way.
        ann.send(["type": "search", "id": "q", "query": "供应商"])
        let found = try #require(try await ann.next("search")["results"] as? [[String: Any]])
        #expect(found.count == 2)
        #expect(found.allSatisfy { ($0["message"] as? [String: Any])?["text"] as? String == Self.corrected })

        // Another tenant's reader of the same sentence gets the engine's rendering.
        let gwei = try await d.client("wei", tenant: "globex", lang: "zh")
        gwei.send(["type": "send", "id": "1", "conversation": other, "text": Self.sentence])
        let theirs = try await gbob.next("message")
        #expect(theirs.messageText == machine)
        #expect(theirs["engine"] as? String != "memory")

        // The memory as TSV and TMX, for acme's admin only.
        let acmeAdmin = try await d.token("admin", admin: true)
        let (status, tsv) = try await HTTP.text("GET", d.http + "/api/v1/translation/memory.tsv", token: acmeAdmin)
        #expect(status == 200)
        #expect(tsv.contains("acme\tzh\ten\t\(Self.sentence)\t\(Self.corrected)\tbob@acme\t"))
        let (_, tmx) = try await HTTP.text("GET", d.http + "/api/v1/translation/memory.tmx", token: acmeAdmin)
        #expect(tmx.contains("<seg>\(Self.corrected)</seg>"))
        let (_, theirTSV) = try await HTTP.text("GET", d.http + "/api/v1/translation/memory", token: try await d.token("admin", tenant: "globex", admin: true))
        #expect(!theirTSV.contains(Self.corrected))
        #expect(try await HTTP.text("GET", d.http + "/api/v1/translation/memory", token: try await d.token("bob")).0 == 403)
        for c in [bob, uta, gbob, wei, outsider, admin, ann, gwei] { c.close() }

        // After a restart the correction is still used.
        await d.stop(keepingData: true)
        d = try await TestDaemon(directory: d.directory)
        let later = try await d.client("ann", lang: "en")
        later.send(["type": "subscribe", "conversation": g])
        try await later.next("subscribed")
        let sender = try await d.client("wei", lang: "zh")
        sender.send(["type": "send", "id": "3", "conversation": g, "text": Self.sentence])
        let afterRestart = try await later.next("message")
        #expect(afterRestart.messageText == Self.corrected)
        #expect(afterRestart["engine"] as? String == "memory")
        later.close()
        sender.close()
        await d.stop()
    }

    @Test("a tenant that auto-accepts an author: the suggestion is in the memory at once")
    func autoAccept() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Loaders", members: ["wei", "bob"])
        let admin = try await d.token("admin", admin: true)
        let (status, body) = try await d.request("PUT", "/api/v1/translation/auto-accept", token: admin, body: ["users": ["bob"]])
        #expect(status == 200)
        #expect(body["users"] as? [String] == ["bob@acme"])
        #expect(try await d.request("PUT", "/api/v1/translation/auto-accept", token: try await d.token("bob"), body: ["users": ["bob"]]).0 == 403)
        #expect(try await d.request("GET", "/api/v1/translation/auto-accept", token: admin).1["users"] as? [String] == ["bob@acme"])

        let bob = try await d.client("bob", lang: "en")
        bob.send(["type": "subscribe", "conversation": g])
        try await bob.next("subscribed")
        let wei = try await d.client("wei", lang: "zh")
        wei.send(["type": "send", "id": "1", "conversation": g, "text": Self.sentence])
        let seq = try #require(try await bob.next("message").seq)
        bob.send(["type": "translation.suggest", "id": "s", "conversation": g, "seq": seq, "lang": "en", "text": Self.corrected])
        #expect((try await bob.next("translation.suggested")["suggestion"] as? [String: Any])?["state"] as? String == "accepted")
        wei.send(["type": "send", "id": "2", "conversation": g, "text": Self.sentence])
        #expect(try await bob.next("message").messageText == Self.corrected)
        bob.close()
        wei.close()
        await d.stop()
    }
}
