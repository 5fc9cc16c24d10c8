import Foundation
import Testing

@Suite("Per-recipient translation end to end", .timeLimit(.minutes(5)))
struct TranslationTests {
    @Test("zh, en and es recipients each get their own text and the original; a user can switch language or opt out")
    func threeLanguages() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Plant", members: ["ana", "li", "bob", "sam"])
        let li = try await d.client("li", lang: "zh")
        let ana = try await d.client("ana", lang: "es")
        let bob = try await d.client("bob", lang: "en")
        for c in [li, ana, bob] {
            c.send(["type": "subscribe", "conversation": g])
            try await c.next("subscribed")
        }
        let sam = try await d.client("sam", lang: "en")
        let original = "The excavator needs a new hydraulic pump."
        sam.send(["type": "send", "id": "1", "conversation": g, "text": original])

        let zh = try await li.next("message")
        #expect(zh["lang"] as? String == "zh")
        #expect(zh.messageText?.contains("挖掘机") == true, "\(zh.messageText ?? "-")")
        #expect((zh["original"] as? [String: Any])?["text"] as? String == original)
        #expect((zh["original"] as? [String: Any])?["lang"] as? String == "en")

        let es = try await ana.next("message")
        #expect(es["lang"] as? String == "es")
        #expect(es.messageText != original)
        #expect(es.messageText?.lowercased().contains("excavadora") == true)
        #expect(es["engine"] as? String != "original")

        let en = try await bob.next("message")
        #expect(en.messageText == original)
        #expect(en["engine"] == nil)

        // Ana opts out of translation; Li switches to English.
        ana.send(["type": "settings", "id": "s", "translate": false])
        try await ana.next("settings")
        li.send(["type": "settings", "id": "s", "lang": "en"])
        try await li.next("settings")
        sam.send(["type": "send", "id": "2", "conversation": g, "text": "Thank you very much."])
        #expect(try await ana.next("message").messageText == "Thank you very much.")
        let switched = try await li.next("message")
        #expect(switched.messageText == "Thank you very much.")
        #expect(switched["lang"] as? String == "en")
        await d.stop()
    }

    @Test("a zh sender: the en reader gets the name transliterated and the date in English, the de reader German, the ja reader a marker")
    func chineseSenderFourReaders() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Loaders", members: ["wei", "bob", "uta", "ken"])
        let bob = try await d.client("bob", lang: "en")
        let uta = try await d.client("uta", lang: "de")
        let ken = try await d.client("ken", lang: "ja")
        for c in [bob, uta, ken] {
            c.send(["type": "subscribe", "conversation": g])
            try await c.next("subscribed")
        }
        let wei = try await d.client("wei", lang: "zh")
        wei.send(["type": "send", "id": "1", "conversation": g, "text": "请李娜下周五之前把供应商名单发给大家。"])

        let en = try await bob.next("message")
        #expect(en.messageText?.contains("Li Na") == true)
        #expect(en.messageText?.contains("next Friday") == true)
        #expect(en.messageText?.contains("plum") == false)

        let de = try await uta.next("message")
        #expect(de["lang"] as? String == "de")
        #expect(de.messageText?.contains("Li Na") == true)
        #expect(de.messageText?.contains("nächsten Freitag") == true)

        let ja = try await ken.next("message")
        #expect((ja["engine"] as? String)?.hasPrefix("untranslated: no translation available for ja") == true)
        #expect(ja.messageText == "请李娜下周五之前把供应商名单发给大家。")
        await d.stop()
    }
}
