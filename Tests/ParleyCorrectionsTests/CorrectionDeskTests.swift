import Foundation
import Logging
import ParleyCorrections
import ParleyDomain
import ParleyHub
import ParleyStore
import ParleyStoreSQLite
import ParleyText
import ParleyTranslation
import Synchronization
import Testing

/// The desk over a real SQLite store and a small dictionary: a correction is used next time, only
/// in its tenant, for near-identical sources, and after a restart.
@Suite("Corrections desk", .timeLimit(.minutes(5)))
struct CorrectionDeskTests {
    static let analyzer = ICUTextAnalyzer()
    static let sentence = "请把报告发给我。"
    static let corrected = "Please send me the report."
    let li = Identity(user: UserRef(id: "li", tenant: "acme"), name: "Li", language: .chinese)
    let bob = Identity(user: UserRef(id: "bob", tenant: "acme"), name: "Bob", language: .english)
    let admin = Identity(user: UserRef(id: "boss", tenant: "acme"), name: "Boss", language: .english, isAdmin: true)
    let otherAdmin = Identity(user: UserRef(id: "boss", tenant: "globex"), name: "Boss", language: .english, isAdmin: true)

    /// The daemon's arrangement: shared dictionaries, a memory of this desk's own.
    static let dictionaries = Task<Translator, any Error> {
        let entries: [LanguagePair: [DictionaryEntry]] = [LanguagePair(.chinese, .english): [
            DictionaryEntry(source: "请", target: "please"), DictionaryEntry(source: "报告", target: "report", tag: "n"),
            DictionaryEntry(source: "发", target: "send", tag: "v"), DictionaryEntry(source: "我", target: "me", tag: "pron"),
        ]]
        return try Translator(store: DictionaryStore(entries: entries, analyzer: analyzer), analyzer: analyzer,
                              configuration: TranslationConfiguration(detectLanguage: false))
    }

    struct Setup {
        let store: SQLiteStore
        let path: String
        let desk: CorrectionDesk
        let translator: Translator
        let acme: String
        let globex: String
    }

    func open(_ path: String) async throws -> (SQLiteStore, CorrectionDesk, Translator) {
        let store = try SQLiteStore(SQLiteConfiguration(path: path, durability: .normal), logger: Logger(label: "test"))
        let translator = try await Self.dictionaries.value.using(memory: SharedTranslationMemory(analyzer: Self.analyzer))
        let desk = CorrectionDesk(memory: translator.memory, localizer: translator, logger: Logger(label: "test"))
        try await desk.attach(store: store)
        return (store, desk, translator)
    }

    func setUp() async throws -> Setup {
        let path = NSTemporaryDirectory() + "parley-corrections-\(UUID().uuidString)/db.sqlite"
        let (store, desk, translator) = try await open(path)
        let acme = try await store.createConversation(kind: .group, tenant: "acme", title: "A", members: [li.user, bob.user])
        let globex = try await store.createConversation(kind: .group, tenant: "globex", title: "G",
                                                        members: [UserRef(id: "gu", tenant: "globex")])
        let committed = AsyncStream<Void>.makeStream()
        let writer = store.makeWriter { outcomes, _ in for _ in outcomes { committed.continuation.yield() } }
        writer.append(OutgoingMessage(conversation: acme.id, topic: nil, sender: li.user, senderName: "Li", clientID: "1",
                                      text: Self.sentence, language: .chinese), token: 1)
        writer.append(OutgoingMessage(conversation: globex.id, topic: nil, sender: UserRef(id: "gu", tenant: "globex"), senderName: "Gu",
                                      clientID: "1", text: Self.sentence, language: .chinese), token: 2)
        var count = 0
        for await _ in committed.stream { count += 1; if count == 2 { break } }
        await writer.stop()
        return Setup(store: store, path: path, desk: desk, translator: translator, acme: acme.id, globex: globex.id)
    }

    /// Sends one request and returns the reply frame as JSON.
    func ask(_ desk: CorrectionDesk, _ request: TranslationRequest, as identity: Identity) async throws -> [String: Any] {
        let replies = Mutex<[[UInt8]]>([])
        await desk.handle(request, requestID: "r", from: identity, reply: ExtensionReplier { bytes in replies.withLock { $0.append(bytes) } })
        let bytes = try #require(replies.withLock { $0 }.first)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    func rendering(_ translator: Translator, _ text: String, tenant: String) async -> LocalizedText? {
        await translator.localize(text, declared: .chinese, into: [.english], names: [:], tenant: tenant).renderings[.english]
    }

    @Test("an accepted correction is used next time, for near-identical sources, in its tenant only, and after a restart")
    func usedNextTimePerTenantAfterRestart() async throws {
        let s = try await setUp()
        let machine = try #require(await rendering(s.translator, Self.sentence, tenant: "acme"))
        #expect(machine.engine != "memory")

        let suggested = try await ask(s.desk, .suggest(conversation: s.acme, seq: 1, language: .english, text: Self.corrected), as: bob)
        #expect(suggested["type"] as? String == "translation.suggested")
        let body = try #require(suggested["suggestion"] as? [String: Any])
        #expect(body["state"] as? String == "pending")
        #expect(body["source"] as? String == "zh")
        #expect(body["machine"] as? String == machine.text)
        let id = try #require(body["id"] as? String)
        #expect(await rendering(s.translator, Self.sentence, tenant: "acme")?.engine != "memory", "pending is not used")

        let listed = try await ask(s.desk, .list(state: .pending), as: admin)
        #expect((listed["suggestions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
        #expect((try await ask(s.desk, .list(state: .pending), as: otherAdmin)["suggestions"] as? [Any])?.isEmpty == true)

        let decided = try await ask(s.desk, .accept(suggestion: id), as: admin)
        #expect((decided["suggestion"] as? [String: Any])?["state"] as? String == "accepted")
        for text in [Self.sentence, "请把报告发给我", "  请把报告发给我！"] {
            let next = await rendering(s.translator, text, tenant: "acme")
            #expect(next?.text == Self.corrected, "\(text)")
            #expect(next?.engine == "memory")
        }
        #expect(await rendering(s.translator, Self.sentence, tenant: "globex")?.text == machine.text)
        #expect(await rendering(s.translator, "请把报告发给他。", tenant: "acme")?.engine != "memory")

        let tsv = s.desk.export(format: "tsv", as: admin)
        #expect(tsv.status == 200)
        #expect(String(decoding: tsv.body, as: UTF8.self).contains(Self.corrected))
        #expect(!String(decoding: s.desk.export(format: "tsv", as: otherAdmin).body, as: UTF8.self).contains(Self.corrected))
        #expect(String(decoding: s.desk.export(format: "tmx", as: admin).body, as: UTF8.self).contains("<seg>\(Self.corrected)</seg>"))
        #expect(s.desk.export(format: "csv", as: admin).status == 404)
        #expect(s.desk.export(format: nil, as: bob).status == 403)
        s.store.close()

        // A restart: a new store, translator memory and desk over the same file.
        let (store, _, translator) = try await open(s.path)
        #expect(await rendering(translator, Self.sentence, tenant: "acme")?.text == Self.corrected)
        #expect(await rendering(translator, Self.sentence, tenant: "globex")?.engine != "memory")
        store.close()
    }

    @Test("who may suggest and decide, and what bad requests are told")
    func refusals() async throws {
        let s = try await setUp()
        func code(_ request: TranslationRequest, as identity: Identity) async throws -> String? {
            try await ask(s.desk, request, as: identity)["code"] as? String
        }
        let gu = Identity(user: UserRef(id: "gu", tenant: "globex"), name: "Gu", language: .english)
        #expect(try await code(.suggest(conversation: s.acme, seq: 1, language: .english, text: "x"), as: gu) == "forbidden")
        #expect(try await code(.suggest(conversation: "g-none", seq: 1, language: .english, text: "x"), as: bob) == "forbidden")
        #expect(try await code(.suggest(conversation: s.acme, seq: 9, language: .english, text: "x"), as: bob) == "not_found")
        #expect(try await code(.suggest(conversation: s.acme, seq: 1, language: .chinese, text: "x"), as: bob) == "bad_frame")
        #expect(try await code(.list(state: .pending), as: bob) == "forbidden")

        let pending = try await ask(s.desk, .suggest(conversation: s.acme, seq: 1, language: .english, text: "Send it."), as: bob)
        let id = try #require((pending["suggestion"] as? [String: Any])?["id"] as? String)
        #expect(try await code(.accept(suggestion: id), as: otherAdmin) == "not_found", "another tenant's admin learns nothing")
        #expect(try await code(.accept(suggestion: id), as: li) == "forbidden")
        #expect(try await code(.accept(suggestion: "ts-none"), as: admin) == "not_found")
        #expect((try await ask(s.desk, .reject(suggestion: id), as: admin)["suggestion"] as? [String: Any])?["state"] as? String == "rejected")
        #expect(try await code(.accept(suggestion: id), as: admin) == "conflict")
        #expect(await rendering(s.translator, Self.sentence, tenant: "acme")?.engine != "memory", "a rejected suggestion is not used")

        // A tenant that accepts Bob's suggestions at once.
        #expect(await s.desk.setAutoAccepted(Array(#"{"users":["bob"]}"#.utf8), as: admin).status == 200)
        #expect(await s.desk.setAutoAccepted(Array(#"{"users":["eve@globex"]}"#.utf8), as: admin).status == 403)
        #expect(await s.desk.setAutoAccepted(Array(#"{"users":"bob"}"#.utf8), as: admin).status == 400)
        let auto = try await ask(s.desk, .suggest(conversation: s.acme, seq: 1, language: .english, text: Self.corrected), as: bob)
        #expect((auto["suggestion"] as? [String: Any])?["state"] as? String == "accepted")
        #expect(await rendering(s.translator, Self.sentence, tenant: "acme")?.text == Self.corrected)
        s.store.close()
    }
}
