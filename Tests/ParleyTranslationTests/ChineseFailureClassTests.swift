import ParleyDomain
import Testing
@testable import ParleyTranslation

/// One suite per failure class of issue 11, on the fixture dictionary (never Dictionaries/).
@Suite struct ChineseNameTests {
    let finder = ChineseNameFinder(analyzer: Fixtures.analyzer)

    func names(_ text: String) -> [String] {
        let dictionary: [String: String] = ["高兴": "happy", "明天": "tomorrow", "经理": "manager", "周末": "weekend", "正在": "in the process of"]
        return finder.spans(in: text, blocked: []) { dictionary[$0] }.compactMap(\.rendering)
    }

    @Test func aNameInANamingContextIsTransliteratedWithoutTones() {
        #expect(names("请李娜明天来") == ["Li Na"])
        #expect(names("张伟说没问题") == ["Zhang Wei"])
        #expect(names("王小明负责测试") == ["Wang Xiaoming"])
        #expect(names("张伟和李娜") == ["Zhang Wei", "Li Na"])
        #expect(names("欧阳娜娜说好") == ["Ouyang Nana"])
        // The second given character does not start a following word: 林涛|正在, not "Lin Taozheng".
        #expect(names("徐明和林涛正在测试") == ["Xu Ming", "Lin Tao"])
    }

    @Test func surnameCharactersOutsideNamingContextsOrInWordsAreNotNames() {
        #expect(names("我很高兴") == [])
        #expect(names("周末见") == [])
        #expect(names("李子很好吃") == [])
        // A title after the surname is not a given name: 马经理 is "Manager Ma".
        #expect(names("请马经理确认") == [])
    }

    @Test func theNameIsNeverGlossed() {
        let en = ChineseFixtures.en("请李娜明天把供应商名单发给大家。")
        #expect(en.contains("Li Na"))
        #expect(!en.contains("plum") && !en.contains("elegant"))
    }

    @Test func membersNamesKeepTheirChosenSpelling() {
        let en = ChineseFixtures.en("请李娜检查", names: ["李娜": "Lina Lee"])
        #expect(en.contains("Lina Lee"))
        #expect(!en.contains("Li Na"))
    }

    @Test func glossaryRenderAsWinsOverASurname() {
        // 柳 is a surname; 柳工 is a company the glossary renders as "LiuGong" in every language.
        let en = ChineseFixtures.en("柳工挖掘机事业部")
        #expect(en.hasPrefix("LiuGong"))
        #expect(!en.contains("Liu Gong") && !en.contains("willow"))
    }

    @Test func cyrillicNamesAreTransliteratedIntoLatin() {
        let store = DictionaryStore(entries: [LanguagePair(Language("ru"), .english): [
            DictionaryEntry(source: "привет", target: "hello")]], analyzer: Fixtures.analyzer)
        let text = DictionaryEngine(store: store, analyzer: Fixtures.analyzer)
            .translate("Привет Иван", pair: LanguagePair(Language("ru"), .english)).text
        #expect(text == "Hello Ivan")
    }
}

@Suite struct ChineseSenseTests {
    @Test func anOrganisationSuffixAfterANounNamesAUnit() {
        #expect(ChineseFixtures.en("挖掘机部") == "The excavator department")
        #expect(ChineseSentenceRules.organisationSuffixes["事业部"] == "division")
    }

    @Test func aCompoundsOwnEntryWinsOverItsPartsAndADateIsNotSplitIntoWords() {
        // Without the date scanner 部下 ("troops under one's command") swallowed 下 of 下周五.
        let en = ChineseFixtures.en("挖掘机部下周五之前完成")
        #expect(!en.contains("troops"))
        #expect(en.contains("department"))
    }
}

@Suite struct ChineseSentencePatternTests {
    @Test func baMovesTheVerbBeforeADefiniteObject() {
        #expect(ChineseFixtures.en("我们把供应商名单发给大家。") == "We send the supplier list to everyone.")
    }

    @Test func aRequestToANamedPersonPutsTheNameFirst() {
        #expect(ChineseFixtures.en("请李娜明天把供应商名单发给大家。")
                == "Li Na, please send the supplier list to everyone tomorrow.")
    }

    @Test func mafanAndAPronounBecomePlease() {
        #expect(ChineseFixtures.en("麻烦你检查报告") == "Please check the report")
    }

    @Test func aTimeClauseBecomesBeforeXAtTheEnd() {
        let en = ChineseFixtures.en("我们下周五之前完成设计评审。")
        #expect(en == "We will complete the design review before next Friday.")
    }

    @Test func zaiOpeningATimeClauseIsDropped() {
        #expect(ChineseFixtures.en("请在下周五之前检查报告") == "Please check the report before next Friday")
    }

    @Test func aClauseOpeningTheSentenceStaysInFront() {
        #expect(ChineseFixtures.en("开会之前，请检查报告。").hasPrefix("Before have a meeting,"))
    }

    @Test func aDurationBeforeQianIsAgo() {
        #expect(ChineseFixtures.en("我3天前检查报告") .contains("3 days ago"))
    }
}

@Suite struct ChineseNumberAndDateTests {
    func render(_ text: String, _ language: String) -> [String] {
        ChineseTimeScanner(target: Language(language)).spans(in: text).compactMap(\.rendering)
    }

    @Test func weekdaysDatesClockTimesAndAmountsRenderPerLanguage() {
        #expect(render("下周五", "en") == ["next Friday"])
        #expect(render("下周五", "es") == ["el próximo viernes"])
        #expect(render("上星期一", "fr") == ["lundi dernier"])
        #expect(render("11月30日", "en") == ["November 30"])
        #expect(render("2026年11月30日", "es") == ["30 de noviembre de 2026"])
        #expect(render("十二月五号", "de") == ["5. Dezember"])
        #expect(render("下午3点半", "en") == ["3:30 pm"])
        #expect(render("上午9点", "es") == ["las 9:00"])
        #expect(render("2,000元", "en") == ["2,000 yuan"])
        #expect(render("500小时", "pt") == ["500 horas"])
    }

    @Test func aWordThatOnlyLooksLikeATimeIsLeftAlone() {
        #expect(render("一点", "en") == [])
        #expect(render("周末", "en") == [])
    }

    @Test func countsMentionsAndPercentagesSurvive() {
        #expect(ChineseFixtures.en("我们有3台挖掘机") == "We have 3 excavators")
        let en = ChineseFixtures.en("@li.wei 价格是5%")
        #expect(en.contains("@li.wei") && en.contains("5%"))
    }
}

@Suite struct PivotTests {
    @Test func chineseToSpanishKeepsNamesAndDatesThroughTheEnglishPivot() {
        let es = ChineseFixtures.es("请李娜明天把供应商名单发给大家。")
        // Through a string pivot "Li Na" came back as "litio sodio".
        #expect(es.hasPrefix("Li Na, por favor"))
        #expect(!es.contains("sodio") && !es.contains("litio"))
        // A list's members are plural: "lista de proveedores", not "lista de proveedor".
        #expect(es.contains("lista de proveedores"))
    }

    @Test func aDateIsRenderedStraightIntoTheFinalLanguage() {
        let es = ChineseFixtures.es("挖掘机部下周五之前完成")
        #expect(es.contains("próximo viernes"))
        #expect(!es.contains("next") && !es.contains("Friday"))
    }

    @Test func theGlossaryRenderAsFormReachesTheFinalLanguage() {
        #expect(ChineseFixtures.es("柳工挖掘机事业部").contains("LiuGong"))
    }
}
