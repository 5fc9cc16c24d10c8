import ParleyMinutes
import Testing

/// Every broken transcript must say on which line the problem is.
@Suite struct BrokenTranscriptTests {
    let parser = TranscriptParser()

    func line(of text: String, format: TranscriptFormat? = nil) throws -> Int? {
        let error = try #require(throws: MinutesError.self) { try parser.parse(text: text, format: format) }
        #expect(error.kind == .malformed)
        #expect(error.description.hasPrefix("line "))
        return error.line
    }

    @Test func webVTTWithoutHeader() throws {
        #expect(try line(of: "\n00:00:01.000 --> 00:00:02.000\nhi\n", format: .webVTT) == 2)
    }

    @Test func webVTTWithBadTimestamp() throws {
        #expect(try line(of: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: hi\n\n00:00:0x.000 --> 00:00:05.000\nB: ho\n") == 6)
    }

    @Test func webVTTCueEndingBeforeItStarts() throws {
        #expect(try line(of: "WEBVTT\n\n00:00:09.000 --> 00:00:02.000\nA: hi\n") == 3)
    }

    @Test func webVTTCueWithoutTiming() throws {
        #expect(try line(of: "WEBVTT\n\nintro\nA: hi\n") == 4)
    }

    @Test func srtWithNonNumericIndex() throws {
        #expect(try line(of: "1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\nx2\n00:00:03,000 --> 00:00:04,000\nB: ho\n") == 5)
    }

    @Test func srtCueWithoutText() throws {
        #expect(try line(of: "1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\n2\n00:00:03,000 --> 00:00:04,000\n") == 6)
    }

    @Test func speakerLinesStartingWithoutASpeaker() throws {
        #expect(try line(of: "\n\njust some words\nAlice: hi\n", format: .speakerLines) == 3)
    }

    @Test func turnsStartingWithoutALabel() throws {
        #expect(try line(of: "hello\n(PERSON1) hi\n", format: .parenthesizedTurns) == 1)
    }

    @Test func jsonSyntaxErrorNamesItsLine() throws {
        let text = "[\n  {\"speaker\": \"A\", \"content\": \"hi\"},\n  {\"speaker\": \"B\" \"content\": \"ho\"}\n]"
        #expect(try line(of: text) == 3)
    }

    @Test func jsonTurnWithoutSpeaker() throws {
        let text = "[\n  {\"speaker\": \"A\", \"content\": \"hi\"},\n\n  {\"content\": \"ho\"}\n]"
        let error = try #require(throws: MinutesError.self) { try parser.parse(text: text) }
        #expect(error.line == 4)
        #expect(error.message.contains("\"speaker\""))
    }

    @Test func jsonUnterminatedString() throws {
        #expect(try line(of: "[{\"speaker\": \"A\",\n \"content\": \"hi}]\n") == 2)
    }
}
