import ParleyDomain
import Testing
@testable import ParleyTranslation

@Suite("Dictionary engine")
struct DictionaryEngineTests {
    let engine = DictionaryEngine(store: Fixtures.store(), analyzer: Fixtures.analyzer)

    @Test("dictionary longest-match keeps 挖掘机 one word where ICU splits it")
    func chineseSegmentation() {
        let (text, units) = engine.translate("挖掘机", pair: LanguagePair(.chinese, .english))
        #expect(units.map(\.source) == ["挖掘机"])
        #expect(text == "Excavator")
    }

    @Test("measure words after numbers are dropped")
    func measureWords() {
        let (text, _) = engine.translate("我们需要三台挖掘机", pair: LanguagePair(.chinese, .english))
        #expect(text == "We need three excavators")
    }

    @Test("phrases beat word-by-word, adjectives follow nouns in Spanish")
    func phrasesAndReordering() {
        #expect(engine.translateText("See you tomorrow", pair: LanguagePair(.english, .spanish)) == "Hasta mañana")
        #expect(engine.translateText("the big house", pair: LanguagePair(.english, .spanish)) == "la casa grande")
    }

    @Test("glossary terms win over word entries; unknown words are kept")
    func glossaryFirst() {
        let (text, units) = engine.translate("Parley service ticket xyzzy", pair: LanguagePair(.english, .spanish))
        #expect(text == "Parley ticket de servicio xyzzy")
        #expect(units.map(\.kind) == [.glossary, .glossary, .unknown])
    }

    @Test("a Spanish question gets its opening mark")
    func spanishQuestion() {
        #expect(engine.translateText("hello?", pair: LanguagePair(.english, .spanish)) == "¿hola?")
    }
}
