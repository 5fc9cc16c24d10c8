import Foundation
import ParleyDomain
import Testing
@testable import ParleyTranslation

@Suite("Engines, hooks and fallback")
struct HookTests {
    static let message = "@li.wei please send the report to ops@example.com by 10:30, see https://example.com/x `make` 20 kg 🚀 #rollout"
    static let spans = ["@li.wei", "ops@example.com", "10:30", "https://example.com/x", "`make`", "20 kg", "🚀", "#rollout"]

    @Test("protected spans survive the dictionary engine byte for byte")
    func spansThroughDictionary() async throws {
        let outcome = try await Fixtures.translator().translate(Self.message, from: .english, to: .spanish)
        #expect(outcome.engine == "dictionary")
        for span in Self.spans { #expect(outcome.text.contains(span), "lost \(span) in \(outcome.text)") }
    }

    @Test("protected spans survive a command hook that rewrites words, and the hook stays warm")
    func spansThroughCommandHook() async throws {
        // A stub MT: upper-cases every line (it would mangle spans if they were not masked).
        let path = try Fixtures.script("while IFS= read -r line; do printf '%s\\n' \"$line\" | tr a-z A-Z; done")
        let configuration = TranslationConfiguration(
            routes: ["en-es": "stub"], commandHooks: ["stub": CommandHookConfiguration(executable: path)],
            timeoutSeconds: 5, detectLanguage: false)
        let translator = try Fixtures.translator(configuration)
        let outcome = await translator.translate(Self.message, from: .english, to: .spanish)
        #expect(outcome.engine == "stub")
        #expect(outcome.fallbackReason == nil)
        #expect(outcome.text.contains("PLEASE SEND THE REPORT"))
        for span in Self.spans { #expect(outcome.text.contains(span), "lost \(span) in \(outcome.text)") }
        let second = await translator.translate("hello again", from: .english, to: .spanish)
        #expect(second.text == "HELLO AGAIN")
        await translator.shutdown()
    }

    @Test("glossary terms come out as the glossary says through an HTTP hook that mangles them")
    func glossaryThroughHTTPHook() async throws {
        let server = try StubHTTPServer { body in
            let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: String] ?? [:]
            let mangled = (request["q"] ?? "").replacingOccurrences(of: "service ticket", with: "servis tiket")
                .replacingOccurrences(of: "Parley", with: "Parlay").uppercased()
            return (200, try! JSONSerialization.data(withJSONObject: ["translatedText": mangled]))
        }
        defer { server.stop() }
        let configuration = TranslationConfiguration(
            routes: ["en-es": "libre"], httpHooks: ["libre": HTTPHookConfiguration(baseURL: server.baseURL)],
            timeoutSeconds: 5, detectLanguage: false)
        let translator = try Fixtures.translator(configuration)
        let outcome = await translator.translate("Open a service ticket in Parley for @ana", from: .english, to: .spanish)
        #expect(outcome.engine == "libre")
        #expect(outcome.text == "OPEN A ticket de servicio IN Parley FOR @ana")
    }

    @Test("a hook that does not answer in time falls back to the dictionary and says so")
    func timeoutFallsBack() async throws {
        let path = try Fixtures.script("while IFS= read -r line; do sleep 120; done")
        let configuration = TranslationConfiguration(
            routes: ["en-es": "slow"], commandHooks: ["slow": CommandHookConfiguration(executable: path)],
            timeoutSeconds: 0.3, detectLanguage: false)
        let translator = try Fixtures.translator(configuration)
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await translator.translate("the big house", from: .english, to: .spanish)
        // The hook sleeps 120 s; finishing in half that proves the timeout fired, with room for a
        // machine busy with other suites (a run under load once took 24 s here).
        #expect(clock.now - start < .seconds(60))
        #expect(outcome.engine == "dictionary")
        #expect(outcome.text == "la casa grande")
        #expect(outcome.fallbackReason?.contains("did not answer within 0.3 s") == true)
        await translator.shutdown()
    }

    @Test("an HTTP hook that is down falls back and names the engine")
    func httpDownFallsBack() async throws {
        let configuration = TranslationConfiguration(
            routes: ["en-es": "libre"], httpHooks: ["libre": HTTPHookConfiguration(baseURL: "http://127.0.0.1:9")],
            timeoutSeconds: 2, detectLanguage: false)
        let outcome = try await Fixtures.translator(configuration).translate("hello", from: .english, to: .spanish)
        #expect(outcome.engine == "dictionary")
        #expect(outcome.fallbackReason?.contains("engine 'libre'") == true)
    }

    @Test("a message rendered by the fallback says so in its engine (readers see it marked)")
    func localizedFallbackIsMarked() async throws {
        let configuration = TranslationConfiguration(
            routes: ["en-es": "libre"], httpHooks: ["libre": HTTPHookConfiguration(baseURL: "http://127.0.0.1:9")],
            timeoutSeconds: 2, detectLanguage: false)
        let translator = try Fixtures.translator(configuration)
        let result = await translator.localize("the big house", declared: .english, into: [.spanish])
        #expect(result.renderings[.spanish]?.engine == "fallback:dictionary")
        #expect(result.renderings[.spanish]?.text == "la casa grande")
        let direct = try Fixtures.translator(TranslationConfiguration(detectLanguage: false))
        #expect(await direct.localize("the big house", declared: .english, into: [.spanish]).renderings[.spanish]?.engine == "dictionary")
    }

    @Test("a route to an undefined engine is rejected with its name")
    func unknownEngine() {
        #expect(throws: TranslationError.unknownEngine(name: "nope", pair: "en-es")) {
            try Fixtures.translator(TranslationConfiguration(routes: ["en-es": "nope"]))
        }
    }
}
