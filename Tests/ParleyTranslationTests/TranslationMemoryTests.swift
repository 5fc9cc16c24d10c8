import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ParleyDomain
import Testing
@testable import ParleyTranslation

@Suite struct TranslationMemoryTests {
    static let accepted = Date(timeIntervalSince1970: 1_796_000_000)

    func entry(_ tenant: String, _ source: String, _ corrected: String, from: Language = .english, to: Language = .spanish,
               author: String = "ana", at: Date = accepted) -> TranslationMemoryEntry {
        TranslationMemoryEntry(tenant: tenant, source: from, target: to, sourceText: source, correctedText: corrected,
                               author: author, acceptedAt: at)
    }

    @Test func aTenantsCorrectionNeverAnswersAnotherTenant() async throws {
        let translator = try Fixtures.translator()
        translator.memory.add(entry("acme", "send the report", "manda el informe, porfa"))
        let acme = await translator.translate("send the report", from: .english, to: .spanish, tenant: "acme")
        #expect(acme.engine == "memory")
        #expect(acme.text == "manda el informe, porfa")
        let globex = await translator.translate("send the report", from: .english, to: .spanish, tenant: "globex")
        #expect(globex.engine != "memory")
        #expect(globex.text != "manda el informe, porfa")
        let nobody = await translator.translate("send the report", from: .english, to: .spanish)
        #expect(nobody.engine != "memory")
        // Another target language of the same tenant is not answered either.
        let french = await translator.translate("send the report", from: .english, to: .french, tenant: "acme")
        #expect(french.engine != "memory")
    }

    @Test func nearIdenticalSourcesHitTheSameCorrection() {
        var memory = TranslationMemory(analyzer: Fixtures.analyzer)
        memory.add(entry("acme", "Send the report.", "Manda el informe."))
        for text in ["Send the report.", "send   the REPORT", "Send the report!", " send the report … ", "Ｓｅｎｄ the report"] {
            #expect(memory.lookup(text, tenant: "acme", from: .english, to: .spanish)?.correctedText == "Manda el informe.", "\(text)")
        }
        #expect(memory.lookup("Send the reports", tenant: "acme", from: .english, to: .spanish) == nil)
        memory.add(entry("acme", "请把报告发给我。", "Please send me the report.", from: .chinese, to: .english))
        #expect(memory.lookup("请把报告发给我", tenant: "acme", from: .chinese, to: .english) != nil)
        #expect(memory.lookup("请把报告发给我！", tenant: "acme", from: .chinese, to: .english) != nil)
    }

    @Test func aLaterAcceptanceReplacesAndRemoveForgets() {
        var memory = TranslationMemory(analyzer: Fixtures.analyzer)
        memory.add(entry("acme", "hello", "hola", at: Self.accepted))
        memory.add(entry("acme", "Hello!", "buenas", at: Self.accepted.addingTimeInterval(60)))
        memory.add(entry("acme", "hello", "qué tal", at: Self.accepted.addingTimeInterval(-60)))
        memory.add(entry("globex", "hello", "saludos"))
        #expect(memory.lookup("hello", tenant: "acme", from: .english, to: .spanish)?.correctedText == "buenas")
        #expect(memory.entries(tenant: "acme").count == 1)
        #expect(memory.remove(tenant: "acme", source: .english, target: .spanish, sourceText: "HELLO")?.correctedText == "buenas")
        #expect(memory.lookup("hello", tenant: "acme", from: .english, to: .spanish) == nil)
        #expect(memory.entries(tenant: "globex").map(\.correctedText) == ["saludos"])
    }

    @Test func tsvExportEscapesAndRoundTrips() throws {
        var memory = TranslationMemory(analyzer: Fixtures.analyzer)
        let tricky = entry("acme", "line one\nline\ttwo \\ end", "línea <uno> & \"dos\"\r\n\tfin", author: "o'brien\tq")
        memory.add(tricky)
        memory.add(entry("acme", "hello", "hola", at: Self.accepted.addingTimeInterval(1)))
        memory.add(entry("globex", "secret", "secreto"))
        let tsv = memory.exportTSV(tenant: "acme")
        let lines = tsv.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "tenant\tsource\ttarget\tsource_text\tcorrected_text\tauthor\taccepted_at")
        #expect(lines.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 7 })
        #expect(!tsv.contains("secret"))
        let parsed = try TranslationMemory.parseTSV(tsv)
        #expect(parsed == memory.entries(tenant: "acme"))
        #expect(parsed.first == tricky)
    }

    @Test func aMalformedTSVLineIsNamed() {
        #expect(throws: TranslationError.malformedLine(file: "memory.tsv", line: 2,
                                                        reason: "expected 7 tab-separated fields, found 2")) {
            try TranslationMemory.parseTSV("tenant\tsource\ttarget\tsource_text\tcorrected_text\tauthor\taccepted_at\nacme\ten\n")
        }
    }

    @Test func tmxIsValidXMLWithEscapedSegments() throws {
        var memory = TranslationMemory(analyzer: Fixtures.analyzer)
        memory.add(entry("acme", "a < b && c > d", "a <b> & \"c\"\nsegunda línea", author: "x\"y<z>"))
        let tmx = memory.exportTMX(tenant: "acme")
        #expect(tmx.contains("<tmx version=\"1.4\">"))
        let collector = SegmentCollector()
        let parser = XMLParser(data: Data(tmx.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "TMX is not well-formed: \(String(describing: parser.parserError))")
        #expect(collector.segments == ["a < b && c > d", "a <b> & \"c\"\nsegunda línea"])
        #expect(collector.languages == ["en", "es"])
        #expect(collector.creationIDs == ["x\"y<z>"])
    }

    @Test func localizeWithATenantReportsTheMemory() async throws {
        let translator = try Fixtures.translator()
        translator.memory.add(entry("acme", "hello", "¡buenas!"))
        let result = await translator.localize("hello", declared: .english, into: [.spanish], names: [:], tenant: "acme")
        #expect(result.renderings[.spanish]?.text == "¡buenas!")
        #expect(result.renderings[.spanish]?.engine == "memory")
        let other = await translator.localize("hello", declared: .english, into: [.spanish], names: [:], tenant: "globex")
        #expect(other.renderings[.spanish]?.text == "hola")
    }
}

/// Collects `seg` texts, `tuv` languages and `tu` authors from a TMX document.
final class SegmentCollector: NSObject, XMLParserDelegate {
    var segments: [String] = []
    var languages: [String] = []
    var creationIDs: [String] = []
    private var current: String? = nil

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "seg" { current = "" }
        if name == "tuv", let lang = attributes["xml:lang"] { languages.append(lang) }
        if name == "tu", let id = attributes["creationid"] { creationIDs.append(id) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "seg", let text = current { segments.append(text); current = nil }
    }
}
