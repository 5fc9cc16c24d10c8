import ParleyDomain
import Testing
@testable import ParleyTranslation

/// Russian inflected forms find their dictionary form (the dictionaries list only those).
@Suite struct RussianLemmaTests {
    func en(_ text: String) -> String {
        let store = DictionaryStore(entries: [LanguagePair(Language("ru"), .english): [
            DictionaryEntry(source: "он", target: "he", tag: "pron"), DictionaryEntry(source: "отправить", target: "send", tag: "v"),
            DictionaryEntry(source: "список", target: "list", tag: "n"), DictionaryEntry(source: "поставщик", target: "supplier", tag: "n"),
            DictionaryEntry(source: "новый", target: "new", tag: "adj"),
        ]], analyzer: Fixtures.analyzer)
        return DictionaryEngine(store: store, analyzer: Fixtures.analyzer).translateText(text, pair: LanguagePair(Language("ru"), .english))
    }

    @Test func pastVerbsPluralsAndAdjectiveCasesAreFound() {
        #expect(en("он отправил список") == "he sent list")
        #expect(en("список поставщиков") == "list suppliers")
        #expect(en("новые поставщики") == "new suppliers")
    }

    @Test func aWordWithNoKnownStemIsTransliterated() {
        #expect(en("он отправил Ивану") == "he sent Ivanu")
    }
}
