import Foundation
import ParleyDomain
import Testing
@testable import ParleyTranslation

@Suite("Dictionary files and imports")
struct DictionaryFormatTests {
    @Test("a malformed pair line is reported with file and line; the rest loads")
    func malformedPairLine() {
        let text = "# comment\nhello\thola\t5\nbroken line without tab\nhouse\tcasa\t1\tn\nbad\tweight\tx\n"
        let (entries, problems) = DictionaryFormat.parsePairFile(text, file: "pairs/en-es.tsv")
        #expect(entries.map(\.source) == ["hello", "house"])
        #expect(problems.count == 2)
        #expect(problems.first == .malformedLine(file: "pairs/en-es.tsv", line: 3,
                                                 reason: "expected source<TAB>target, found 1 column"))
        #expect("\(problems[1])".hasPrefix("pairs/en-es.tsv:5:"))
    }

    @Test("a directory loads, reports its bad line by number, and versions by content")
    func storeFromDirectory() throws {
        let dir = try Fixtures.temporaryDirectory()
        let pairs = dir.appendingPathComponent("pairs"), glossary = dir.appendingPathComponent("glossary")
        try FileManager.default.createDirectory(at: pairs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: glossary, withIntermediateDirectories: true)
        try "hello\thola\nnot a line\n".write(to: pairs.appendingPathComponent("en-es.tsv"), atomically: true, encoding: .utf8)
        try "hello\tbuenas\n".write(to: pairs.appendingPathComponent("en-es.core.tsv"), atomically: true, encoding: .utf8)
        try "en\tes\tpriority\tflags\nParley\t\t10\tdnt\nx\ty\tz\n".write(
            to: glossary.appendingPathComponent("company.tsv"), atomically: true, encoding: .utf8)
        let store = try DictionaryStore(directory: dir, analyzer: Fixtures.analyzer)
        #expect(store.pairs[LanguagePair(.english, .spanish)]?.lookup(key: "hello")?.target == "buenas")
        #expect(store.glossary.count == 1)
        #expect(store.problems.contains(.malformedLine(file: "pairs/en-es.tsv", line: 2,
                                                      reason: "expected source<TAB>target, found 1 column")))
        #expect(store.problems.contains { "\($0)".hasPrefix("glossary/company.tsv:3:") })
        let before = store.version
        try "hello\tsaludos\n".write(to: pairs.appendingPathComponent("en-es.core.tsv"), atomically: true, encoding: .utf8)
        #expect(try DictionaryStore(directory: dir, analyzer: Fixtures.analyzer).version != before)
    }

    @Test("CC-CEDICT lines import; a bad one is reported by line number")
    func cedict() {
        let text = "# CC-CEDICT\n挖掘機 挖掘机 [wa1 jue2 ji1] /excavator/\n這是壞行\n會議 会议 [hui4 yi4] /meeting/CL:個|个[ge4]/\n開 开 [kai1] /to open/\n"
        let (entries, problems) = CEDICTImporter.parse(text, file: "cedict.u8")
        #expect(entries.map(\.source) == ["挖掘机", "会议", "开"])
        #expect(entries.map(\.target) == ["excavator", "meeting", "open"])
        #expect(problems.count == 1)
        #expect("\(problems[0])".hasPrefix("cedict.u8:3:"))
    }

    @Test("CRLF files (as CC-CEDICT ships) split into lines with the right numbers")
    func crlf() {
        let text = "# CC-CEDICT\r\n挖掘機 挖掘机 [wa1 jue2 ji1] /excavator/\r\nbroken\r\n會議 会议 [hui4 yi4] /meeting/\r\n"
        let (entries, problems) = CEDICTImporter.parse(text, file: "cedict.u8")
        #expect(entries.map(\.source) == ["挖掘机", "会议"])
        #expect("\(problems.first.map { "\($0)" } ?? "")".hasPrefix("cedict.u8:3:"))
        let pairs = DictionaryFormat.parsePairFile("hello\thola\r\nbad\r\n", file: "p.tsv")
        #expect(pairs.entries.first?.target == "hola")
        #expect(pairs.problems.first == .malformedLine(file: "p.tsv", line: 2, reason: "expected source<TAB>target, found 1 column"))
    }

    @Test("FreeDict dictd index and data import")
    func freedict() {
        let body1 = "house /haʊs/ <n>\ncasa, hogar\n"
        let body2 = "big /bɪɡ/ <adj>\n1. grande\n2. mayor\n"
        let data = Data((body1 + body2).utf8)
        func b64(_ n: Int) -> String {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
            var n = n, s = ""
            repeat { s = String(alphabet[n % 64]) + s; n /= 64 } while n > 0
            return s
        }
        let index = "house\t\(b64(0))\t\(b64(body1.utf8.count))\nbroken\nbig\t\(b64(body1.utf8.count))\t\(b64(body2.utf8.count))\n"
        let (entries, problems) = FreeDictImporter.parse(index: index, dictionary: data, file: "eng-spa.index")
        #expect(entries.map { "\($0.source)=\($0.target)/\($0.tag)" } == ["house=casa/n", "big=grande/adj"])
        #expect(problems.count == 1)
        #expect("\(problems[0])".hasPrefix("eng-spa.index:2:"))
    }

    @Test("TBX-Basic entries keep languages and flags")
    func tbx() {
        let tbx = """
            <martif type="TBX-Basic"><text><body>
            <termEntry id="1"><langSet xml:lang="en"><tig><term>excavator</term></tig></langSet>
            <langSet xml:lang="zh"><tig><term>挖掘机</term></tig></langSet></termEntry>
            <termEntry id="2"><descrip type="doNotTranslate">yes</descrip><langSet xml:lang="en"><tig><term>Parley</term></tig></langSet></termEntry>
            <termEntry id="3"><langSet xml:lang="en"><tig><term>digger</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>
            <termEntry id="4"></termEntry>
            </body></text></martif>
            """
        let (terms, problems) = TBXImporter.parse(tbx, file: "terms.tbx")
        #expect(terms.count == 3)
        #expect(terms[0].forms[.chinese] == "挖掘机")
        #expect(terms[1].doNotTranslate)
        #expect(terms[2].forbidden)
        #expect(problems.count == 1)
        #expect("\(problems[0])".hasPrefix("terms.tbx:6:"))
    }
}
