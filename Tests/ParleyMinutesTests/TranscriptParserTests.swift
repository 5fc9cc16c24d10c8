import ParleyMinutes
import Testing

@Suite struct TranscriptParserTests {
    let parser = TranscriptParser()

    @Test func webVTTWithVoiceTagsAndNotes() throws {
        let text = """
        WEBVTT

        NOTE recorded in room 2

        1
        00:00:01.000 --> 00:00:04.500
        <v Alice>Good morning, everyone.</v>

        00:00:05.000 --> 00:00:09.000 align:start
        Bob: I'll send the report by Friday.
        """
        let transcript = try parser.parse(text: text)
        #expect(transcript.format == .webVTT)
        #expect(transcript.utterances == [
            Utterance(speaker: "Alice", text: "Good morning, everyone.", start: 1, end: 4.5),
            Utterance(speaker: "Bob", text: "I'll send the report by Friday.", start: 5, end: 9),
        ])
    }

    @Test func srtWithSpeakerPrefixes() throws {
        let text = "1\r\n00:00:01,000 --> 00:00:02,500\r\nAlice: Hello.\r\n\r\n2\r\n00:01:00,000 --> 00:01:03,000\r\nBob: Hi there.\r\nHow are you?\r\n"
        let transcript = try parser.parse(text: text)
        #expect(transcript.format == .srt)
        #expect(transcript.utterances.map(\.speaker) == ["Alice", "Bob"])
        #expect(transcript.utterances[1].text == "Hi there. How are you?")
        #expect(transcript.utterances[1].start == 60)
    }

    @Test func speakerLinesWithContinuationsAndChineseColon() throws {
        let text = "Alice: We need a plan.\nIt should be short.\n\n李雷：我来写。\n"
        let transcript = try parser.parse(text: text)
        #expect(transcript.format == .speakerLines)
        #expect(transcript.utterances.map(\.speaker) == ["Alice", "李雷"])
        #expect(transcript.utterances[0].text == "We need a plan.\nIt should be short.")
        #expect(transcript.utterances[1].text == "我来写。")
    }

    @Test func parenthesizedTurnsAsInELITR() throws {
        let text = "(PERSON6) So we are expecting [PERSON10] today?\n(PERSON3) Yes.\nHe has just written.\n<laugh/>\n"
        let transcript = try parser.parse(text: text)
        #expect(transcript.format == .parenthesizedTurns)
        #expect(transcript.utterances.map(\.speaker) == ["PERSON6", "PERSON3"])
        #expect(transcript.utterances[1].text == "Yes.\nHe has just written.\n<laugh/>")
    }

    @Test func jsonListAndQMSumObject() throws {
        let list = #"[{"speaker": "Grad E", "content": "I guess ."}, {"speaker": "Grad A", "content": "OK , we 're on .", "start": 3.5}]"#
        let a = try parser.parse(text: list)
        #expect(a.format == .json)
        #expect(a.utterances == [Utterance(speaker: "Grad E", text: "I guess ."),
                                 Utterance(speaker: "Grad A", text: "OK , we 're on .", start: 3.5)])
        let object = #"{"topic_list": [], "meeting_transcripts": [{"speaker": "A", "content": "caf\u00e9 \ud83d\ude00"}]}"#
        #expect(try parser.parse(text: object).utterances == [Utterance(speaker: "A", text: "café 😀")])
    }

    @Test func bytesMustBeUTF8() {
        #expect(throws: MinutesError.self) { try parser.parse([0x41, 0x3A, 0x20, 0xFF, 0xFE]) }
        #expect((try? parser.parse(Array("\u{FEFF}A: hi".utf8)))?.utterances.first?.speaker == "A")
    }

    @Test func emptyTranscriptIsAnError() throws {
        let error = try #require(throws: MinutesError.self) { try parser.parse(text: "\n  \n") }
        #expect(error.kind == .empty)
    }
}
