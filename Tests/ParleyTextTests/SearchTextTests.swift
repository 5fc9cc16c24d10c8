@testable import ParleyDomain
import ParleyText
import Testing

/// `SearchText` cuts plain-ASCII texts itself; everything else goes through ICU. Both must give the
/// same terms, or a query would miss what the index holds.
@Suite("Search terms")
struct SearchTextTests {
    let analyzer = ICUTextAnalyzer()
    var searchText: SearchText { SearchText(analyzer: analyzer) }
    static let languages: [Language] = ["en", "es", "fr", "de", "it", "pt", "ru", "zh", "ja", "sv", "fi", "nl", "pl"].map(Language.init)

    /// The index form through ICU, as for any non-ASCII text.
    func icuForm(_ text: String, _ language: Language) -> String {
        analyzer.words(in: text, language: language).map { analyzer.matchingKey(String($0), language: language) }.joined(separator: " ")
    }

    @Test("tricky ASCII texts cut as ICU cuts them, in every language")
    func trickyCases() {
        let texts = [
            "Hello, World!", "don't stop", "o'clock at 3.14", "1,000,000 units; 2;3", "e.g. the U.S.A. team", "a.b.c d'e'f",
            "x.1 1.x 1'000 a'1", "trailing. ", "...", "''", "a''b", "a..b", "1..2", "Ship it -- now (today)/tomorrow?",
            "\"quoted\" words", "tab\tand\nnew line\r\n", "ABC123def 9a 9.a a.9", "  ", "", "'lead trail'", ".5 5.",
            "ts=1733120000 n=5 hello team", "a+b=c <tag> [x] {y} #z $5 50% a&b a|b ~x `y` a^b x.org/a?b=1",
        ]
        for language in Self.languages {
            for text in texts {
                guard let fast = SearchText.asciiIndexForm(text, language: language) else {
                    Issue.record("\(text) should take the ASCII path")
                    continue
                }
                #expect(fast == icuForm(text, language), "\(language.code): \(text)")
            }
        }
    }

    @Test("random ASCII texts cut as ICU cuts them, in every language")
    func randomTexts() {
        var rng = SplitMix(seed: 12)
        let alphabet = Array("aAbBzZ09 .,;'!?\"()-/\t\n\r#$%&*+<=>[\\]^`{|}~".utf8) + Array("eiouxyq12345".utf8)
        var compared = 0
        for round in 0..<3_000 {
            let length = Int(rng.next() % 24)
            let text = String(decoding: (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            let language = Self.languages[round % Self.languages.count]
            guard let fast = SearchText.asciiIndexForm(text, language: language) else { continue }
            #expect(fast == icuForm(text, language), "\(language.code): \(text.debugDescription)")
            compared += 1
        }
        #expect(compared == 3_000)
    }

    @Test("other characters, Turkish and non-ASCII texts go through ICU")
    func fallbacks() {
        #expect(SearchText.asciiIndexForm("snake_case", language: .english) == nil)
        #expect(SearchText.asciiIndexForm("a:b", language: .english) == nil)
        #expect(SearchText.asciiIndexForm("a@b.com", language: .english) == nil)
        #expect(SearchText.asciiIndexForm("Istanbul", language: Language("tr")) == nil)
        #expect(SearchText.asciiIndexForm("café", language: .french) == nil)
        #expect(searchText.indexForm("Café CRANE", language: .french) == "café crane")
        // ICU's dictionary cuts 挖掘|机|到了; each word gives its characters and their pairs.
        #expect(searchText.indexForm("挖掘机到了", language: .chinese) == "挖 掘 挖掘 机 到 了 到了")
    }

    @Test("a query's terms are the index's terms, deduplicated; its words are as written")
    func queries() {
        let q = searchText.queryTerms("Crane crane O'Clock", language: .english)
        #expect(q.terms == ["crane", "o'clock"])
        #expect(q.words == ["Crane", "crane", "O'Clock"])
        #expect(searchText.queryTerms("挖掘机", language: .chinese).terms == ["挖掘", "机"])
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
