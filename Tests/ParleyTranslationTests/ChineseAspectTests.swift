import ParleyDomain
import Testing
@testable import ParleyTranslation

/// Aspect, modality, causatives, questions and English clause agreement (issue 11's remaining
/// classes), on the fixture dictionary.
@Suite struct ChineseAspectTests {
    @Test func leAfterAVerbOrItsObjectIsThePast() {
        #expect(ChineseFixtures.en("我们确认了报告。") == "We confirmed the report.")
        #expect(ChineseFixtures.en("我们确认报告了") == "We confirmed the report")
        // 到了 is "arrived", not "toed".
        #expect(ChineseFixtures.en("备件到了") == "The spare parts arrived")
    }

    @Test func guoAfterAVerbIsThePast() {
        #expect(ChineseFixtures.en("我见过她") == "I saw her")
    }

    @Test func zhengzaiBeforeAVerbIsTheProgressive() {
        #expect(ChineseFixtures.en("李娜正在检查报告") == "Li Na is checking the report")
        #expect(ChineseFixtures.en("我们正在检查报告") == "We are checking the report")
    }

    @Test func huiBeforeAVerbIsTheFutureAndNengIsCan() {
        #expect(ChineseFixtures.en("我们会检查报告") == "We will check the report")
        #expect(ChineseFixtures.en("他能检查报告") == "He can check the report")
        // A modal keeps the verb bare: no "will checks".
        #expect(!ChineseFixtures.en("他会检查报告").contains("checks"))
    }

    @Test func rangIsACausativeWithABareVerb() {
        #expect(ChineseFixtures.en("让李娜检查报告") == "Let Li Na check the report")
        #expect(ChineseFixtures.en("我让李娜检查报告") == "I have Li Na check the report")
    }

    @Test func aMaQuestionIsInverted() {
        #expect(ChineseFixtures.en("你会检查报告吗？") == "Will you check the report?")
        #expect(ChineseFixtures.en("他检查报告吗？") == "Does he check the report?")
        #expect(ChineseFixtures.en("他确认了报告吗？") == "Did he confirm the report?")
    }

    @Test func theSubjectDecidesTheVerbsForm() {
        #expect(ChineseFixtures.en("李娜负责测试") == "Li Na is responsible for the test")
        #expect(ChineseFixtures.en("我是经理") == "I am a manager")
        #expect(ChineseFixtures.en("他不知道") == "He doesn't know")
        #expect(ChineseFixtures.en("我们不知道") == "We don't know")
    }

    @Test func aPronounAfterAVerbOrPrepositionIsAnObject() {
        #expect(ChineseFixtures.en("请把报告发给我") == "Please send the report to me")
        // After a verb that takes a clause, a pronoun followed by a verb stays a subject.
        #expect(ChineseFixtures.en("我知道他检查报告").hasPrefix("I know he check"))
    }

    @Test func aNounPhraseWithoutDeterminerTakesAnArticle() {
        // Subject and object get "the"; a predicate noun after "be" gets "a"; a determiner or a count blocks it.
        #expect(ChineseFixtures.en("供应商确认了报告") == "The supplier confirmed the report")
        #expect(ChineseFixtures.en("我是经理") == "I am a manager")
        #expect(ChineseFixtures.en("我们有3台挖掘机") == "We have 3 excavators")
        #expect(ChineseFixtures.en("我的报告") == "My report")
    }

    @Test func deAfterANameIsPossessive() {
        #expect(ChineseFixtures.en("我们检查李娜的报告") == "We check Li Na's report")
    }

    @Test func thePastReachesSpanishThroughThePivot() {
        #expect(ChineseFixtures.es("我们确认了报告").contains("confirmó"))
    }
}

@Suite struct EnglishVerbFormTests {
    @Test func pastThirdPersonAndGerundInflectTheHeadOfAPhrase() {
        #expect(EnglishVerbForms.past("stop") == "stopped")
        #expect(EnglishVerbForms.past("send the list") == "sent the list")
        #expect(EnglishVerbForms.past("try") == "tried")
        #expect(EnglishVerbForms.past("visit") == "visited")
        #expect(EnglishVerbForms.thirdPerson("be responsible for") == "is responsible for")
        #expect(EnglishVerbForms.thirdPerson("go") == "goes")
        #expect(EnglishVerbForms.thirdPerson("need") == "needs")
        #expect(EnglishVerbForms.gerund("write") == "writing")
        #expect(EnglishVerbForms.gerund("run") == "running")
        #expect(EnglishVerbForms.gerund("see") == "seeing")
    }
}
