import ParleyDomain
import Testing
@testable import ParleyTranslation

/// Spanish and French noun phrases from English: compounds head first, gender from the noun.
@Suite struct RomanceAgreementTests {
    let engine = DictionaryEngine(store: Fixtures.store(), analyzer: Fixtures.analyzer)

    @Test func anEnglishNounCompoundIsHeadFirstWithDe() {
        #expect(engine.translateText("send the supplier list", pair: LanguagePair(.english, .spanish))
                == "envía la lista de proveedores")
        #expect(engine.translateText("the service report", pair: LanguagePair(.english, .spanish)).hasSuffix(" informe de servicio"))
    }

    @Test func nounsInIonAreFeminineExceptAFew() {
        #expect(AgreementRules.spanishIsFeminine("reunión"))
        #expect(AgreementRules.spanishIsFeminine("reuniones"))
        #expect(AgreementRules.spanishIsFeminine("formación"))
        #expect(!AgreementRules.spanishIsFeminine("camión"))
        #expect(!AgreementRules.spanishIsFeminine("avión"))
        #expect(!AgreementRules.spanishIsFeminine("proveedor"))
    }
}
