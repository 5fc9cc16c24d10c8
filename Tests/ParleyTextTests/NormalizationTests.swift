import ParleyDomain
import ParleyText
import Testing

@Suite("ICU normalization")
struct NormalizationTests {
    let analyzer = ICUTextAnalyzer()

    @Test("full-width forms fold to ASCII for matching")
    func fullWidth() {
        #expect(analyzer.matchingKey("ＰＡＲＬＥＹ１２３", language: .english) == "parley123")
    }

    @Test("ligatures decompose for matching")
    func ligatures() {
        #expect(analyzer.matchingKey("ﬁle ﬂow", language: .english) == "file flow")
    }

    @Test("Turkish folds I to dotless ı and İ to i; English folds I to i")
    func turkishI() {
        #expect(analyzer.matchingKey("İSTANBUL", language: Language("tr")) == "istanbul")
        #expect(analyzer.matchingKey("ISPARTA", language: Language("tr")) == "ısparta")
        #expect(analyzer.matchingKey("ISPARTA", language: .english) == "isparta")
    }

    @Test("NFC composes combining marks for storage")
    func composition() {
        #expect(analyzer.composed("e\u{301}") == "é")
        #expect(analyzer.composed("e\u{301}").unicodeScalars.count == 1)
    }

    @Test("Chinese words come from ICU's dictionary segmentation")
    func chineseWords() {
        let words = analyzer.words(in: "我们明天开会。", language: .chinese).map(String.init)
        #expect(words.joined() == "我们明天开会")
        #expect(words.count >= 2)
    }
}
