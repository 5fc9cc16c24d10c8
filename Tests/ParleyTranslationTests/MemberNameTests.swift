import ParleyDomain
import Testing
@testable import ParleyTranslation

/// Members' display names passed by the caller are protected spans with their chosen spelling.
@Suite struct MemberNameTests {
    func chineseTranslator() throws -> Translator {
        let store = DictionaryStore(entries: [LanguagePair(.chinese, .english): ChineseFixtures.zhEn], analyzer: Fixtures.analyzer)
        return try Translator(store: store, analyzer: Fixtures.analyzer, configuration: TranslationConfiguration(detectLanguage: false))
    }

    @Test func aMembersNameKeepsTheSpellingTheCallerGave() async throws {
        let translator = try chineseTranslator()
        let outcome = await translator.translate("请王伟明天检查报告", from: .chinese, to: .english, names: ["王伟": "Wang Wei"])
        #expect(outcome.text.contains("Wang Wei"))
        #expect(!outcome.text.contains("king"))
        let chosen = await translator.translate("请王伟明天检查报告", from: .chinese, to: .english, names: ["王伟": "Wayne Wang"])
        #expect(chosen.text.contains("Wayne Wang"))
    }

    @Test func aNameWrittenInLatinStaysUntouched() async throws {
        let translator = try Fixtures.translator()
        let plain = await translator.translate("ask Rose about the report", from: .english, to: .spanish)
        #expect(plain.text.contains("Rosa"))
        let named = await translator.translate("ask Rose about the report", from: .english, to: .spanish, names: ["Rose": "Rose"])
        #expect(named.text.contains("Rose"))
        #expect(!named.text.lowercased().contains("rosa"))
        // Whole words only: a longer word containing the name is still translated.
        let longer = await translator.translate("ask Roses about the report", from: .english, to: .spanish, names: ["Rose": "Rose"])
        #expect(!longer.text.contains("Rose "))
    }

    @Test func namesReachTheTranslatorThroughMessageLocalizing() async throws {
        let localizer: any MessageLocalizing = try chineseTranslator()
        let result = await localizer.localize("请王伟明天检查报告", declared: .chinese, into: [.english], names: ["王伟": "Wayne Wang"])
        #expect(result.renderings[.english]?.text.contains("Wayne Wang") == true)
        // A localizer that knows nothing of names still answers through the protocol's default.
        let original: any MessageLocalizing = OriginalTextLocalizer()
        let shown = await original.localize("请王伟明天检查报告", declared: .chinese, into: [.english], names: ["王伟": "Wang Wei"])
        #expect(shown.renderings.isEmpty)
    }
}
