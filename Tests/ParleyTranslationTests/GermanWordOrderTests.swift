import ParleyDomain
import Testing
@testable import ParleyTranslation

/// German verb-second and verb-final order from English, on a small fixture dictionary.
@Suite struct GermanWordOrderTests {
    static let enDe: [DictionaryEntry] = [
        .init(source: "tomorrow", target: "morgen", tag: "adv"), .init(source: "we", target: "wir", tag: "pron"),
        .init(source: "will", target: "wird", tag: "v"), .init(source: "send", target: "senden", tag: "v"),
        .init(source: "the", target: "", tag: "det"), .init(source: "report", target: "Bericht", tag: "n"),
        .init(source: "I", target: "ich", tag: "pron"), .init(source: "have", target: "haben", tag: "v"),
        .init(source: "finished", target: "abgeschlossen"), .init(source: "know", target: "kennen", tag: "v"),
        .init(source: "that", target: "das", tag: "pron"), .init(source: "he", target: "er", tag: "pron"),
        .init(source: "sends", target: "schickt"), .init(source: "list", target: "Liste", tag: "n"),
        .init(source: "because", target: "weil"), .init(source: "pump", target: "Pumpe"),
        .init(source: "is", target: "ist", tag: "v"), .init(source: "broken", target: "kaputt"),
        .init(source: "need", target: "brauchen", tag: "v"),
    ]

    func de(_ text: String) -> String {
        let store = DictionaryStore(entries: [LanguagePair(.english, Language("de")): Self.enDe], analyzer: Fixtures.analyzer)
        return DictionaryEngine(store: store, analyzer: Fixtures.analyzer).translateText(text, pair: LanguagePair(.english, Language("de")))
    }

    @Test func theNonFiniteVerbGoesToTheEndAndTheFiniteOneAgrees() {
        #expect(de("we will send the report") == "wir werden Bericht senden")
        #expect(de("I have finished the report") == "Ich habe Bericht abgeschlossen")
        #expect(de("I need the report") == "Ich brauche Bericht")
    }

    @Test func aFrontedAdverbialPutsTheVerbSecond() {
        #expect(de("Tomorrow we will send the report.") == "Morgen werden wir Bericht senden.")
    }

    @Test func aSubordinateClauseEndsWithItsFiniteVerb() {
        #expect(de("the pump is broken because the pump is broken") == "Pumpe ist kaputt, weil Pumpe kaputt ist")
        #expect(de("I know that he sends the list") == "Ich kenne, dass er Liste schickt")
    }
}
