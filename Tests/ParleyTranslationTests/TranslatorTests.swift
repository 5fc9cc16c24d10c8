import ParleyDomain
import Testing
@testable import ParleyTranslation

@Suite("Translator")
struct TranslatorTests {
    @Test("a second identical request is served from the cache")
    func cache() async throws {
        let translator = try Fixtures.translator()
        let first = await translator.translate("the big house", from: .english, to: .spanish)
        let second = await translator.translate("the big house", from: .english, to: .spanish)
        #expect(first.engine == "dictionary")
        #expect(second.engine == "cache:dictionary")
        #expect(second.text == first.text)
    }

    @Test("localize renders once per distinct target and leaves the source language out")
    func localize() async throws {
        let translator = try Fixtures.translator()
        let result = await translator.localize("hello", declared: .english, into: [.english, .spanish, .chinese])
        #expect(result.source == .english)
        #expect(result.renderings[.spanish]?.text == "hola")
        #expect(result.renderings[.spanish]?.engine == "dictionary")
        #expect(result.renderings[.english] == nil)
        // No en→zh dictionary in the fixture: the original is shown, marked as untranslated.
        #expect(result.renderings[.chinese]?.text == "hello")
        #expect(result.renderings[.chinese]?.engine == "untranslated: no translation available for zh")
        #expect(result.renderings[.chinese]?.language == .english)
    }

    @Test("the declared language is checked against the text")
    func detection() {
        let detector = LanguageDetector(analyzer: Fixtures.analyzer)
        #expect(detector.detect("el informe de la reunión está en la carpeta", declared: .english) == .spanish)
        #expect(detector.detect("我们明天开会", declared: .english) == .chinese)
        #expect(detector.detect("ok", declared: .french) == .french)
        #expect(detector.detect("the report is in the folder", declared: .english) == .english)
    }
}
