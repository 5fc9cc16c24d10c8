import Foundation
import ParleyDomain
import ParleyMinutes
import ParleyText
import ParleyTranslation
import Testing

/// The pure parsers under generated input, in-process: a trap here ends the test run, which fails it.
@Suite("Fuzzing the parsers", .timeLimit(.minutes(5)))
struct ParserFuzzTests {
    static let seed = FuzzTests.seed

    @Test("2,000 transcripts: parsed into minutes, or refused with a line-numbered error")
    func transcripts() throws {
        var fuzzer = TranscriptFuzzer(seed: Self.seed)
        let generator = MinutesGenerator(analyzer: ICUTextAnalyzer())
        var parsed = 0, refused = 0
        for _ in 0..<2_000 {
            let (text, format) = fuzzer.next()
            do {
                let transcript = try TranscriptParser().parse(text: text, format: format.flatMap(TranscriptFormat.init(rawValue:)))
                for u in transcript.utterances {
                    if let start = u.start { #expect(start.isFinite && start >= 0 && start <= FieldRules.maxMeetingSeconds, "\(text.prefix(300))") }
                }
                let minutes = generator.generate(transcript, info: MeetingInfo(title: "Fuzz", language: .english,
                                                                               date: CalendarDay(year: 2026, month: 5, day: 1)))
                _ = MinutesRenderer().markdown(minutes)
                try minutes.validate()
                parsed += 1
            } catch {
                if error.kind == .malformed { #expect(error.line != nil, "no line number: \(error) for \(text.prefix(300).debugDescription)") }
                refused += 1
            }
        }
        print("fuzz: 2000 transcripts, \(parsed) parsed, \(refused) refused")
        #expect(parsed > 100 && refused > 100)
    }

    @Test("2,000 frames straight into the parser: every one parses or is refused, with a message")
    func frames() {
        var fuzzer = FrameFuzzer(seed: Self.seed, context: .init(conversations: ["g-1", "*"], meetings: ["m-1"], users: ["bob"],
                                                                 minutesTemplate: #"{"title":"x"}"#))
        let parser = ClientFrameParser()
        var refused = 0
        for _ in 0..<2_000 {
            let frame = fuzzer.next()
            if case .failure(let e) = parser.parse(Data(frame.text.utf8)) {
                #expect(!e.message.isEmpty)
                refused += 1
            }
        }
        #expect(refused > 100 && refused < 2_000)
    }

    @Test("every frame built from the schema with valid values parses")
    func schemaMatchesParser() throws {
        var fuzzer = FrameFuzzer(seed: Self.seed, context: .init(conversations: ["g-1"], meetings: ["m-1"], users: ["bob"],
                                                                 minutesTemplate: try FuzzTests.minutesTemplate()))
        for schema in FrameSchema.clientFrames {
            var fields: [(String, JSONText)] = [("type", .string(schema.type))]
            for (name, kind) in schema.required + schema.optional { fields.append((name, fuzzer.validValue(kind, field: name))) }
            if schema.type == "meeting.correct" { fields[2] = ("minutes", .raw(try FuzzTests.minutesTemplate())) }
            let text = JSONText.object(fields).text
            #expect(throws: Never.self, "\(text)") { try ClientFrameParser().parse(Data(text.utf8)).get() }
        }
    }

    @Test("malformed dictionary lines give line-numbered problems, never a trap")
    func dictionaries() {
        var rng = SplitMix64(seed: Self.seed)
        let pieces = ["挖掘机", "excavator", "\t", "|", "#", "[", "]", "/", " ", "n", "99999999999999999999", "", "\u{0}", "é", "=", ";", "\"", "<", ">"]
        func line() -> String { (0..<Int.random(in: 0...8, using: &rng)).map { _ in rng.pick(pieces) }.joined() }
        for _ in 0..<500 {
            let lines = Int.random(in: 1...20, using: &rng)
            let text = (0..<lines).map { _ in line() }.joined(separator: rng.pick(["\n", "\r\n"]))
            for problem in DictionaryFormat.parsePairFile(text, file: "f.tsv").problems + CEDICTImporter.parse(text, file: "c.u8").problems {
                if case .malformedLine(_, let n, _) = problem { #expect((1...lines).contains(n)) }
            }
            _ = DictionaryFormat.parseTermTable(text, file: "t.tsv")
            _ = TBXImporter.parse("<martif><text><body><termEntry>" + text + "</termEntry></body></text></martif>", file: "g.tbx")
            let index = (0..<5).map { _ in "\(line())\t\(rng.pick(["A", "B", "/////////////", "ZZZZZZZZZZZZZZ", "", "+"]))\t\(rng.pick(["C", "", "zzzz"]))" }
            _ = FreeDictImporter.parse(index: index.joined(separator: "\n"), dictionary: Data(text.utf8), file: "d.index")
        }
    }
}
