import Foundation
import ParleyDomain
import ParleyMinutes
import Testing

@Suite struct MinutesGeneratorTests {
    @Test func sameTranscriptGivesIdenticalMinutes() throws {
        let a = try Fixtures.minutes(Fixtures.english)
        let b = try Fixtures.minutes(Fixtures.english)
        #expect(a == b)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(a) == encoder.encode(b))
    }

    @Test func summaryKeepsToTheBudgetAndDropsFillers() throws {
        let minutes = try Fixtures.minutes(Fixtures.english, budget: .words(40))
        let words = minutes.summary.joined(separator: " ").split(separator: " ").count
        #expect(!minutes.summary.isEmpty)
        #expect(words <= 40)
        #expect(!minutes.summary.joined().contains("{"))
        #expect(!minutes.summary.joined().lowercased().contains("um,"))
    }

    @Test func chineseBudgetCountsCharacters() throws {
        let minutes = try Fixtures.minutes(Fixtures.chinese, language: .chinese, budget: .characters(50))
        let characters = minutes.summary.joined().filter { $0.isLetter || $0.isNumber }.count
        #expect(!minutes.summary.isEmpty)
        #expect(characters <= 50)
        #expect(!minutes.summary.joined().contains("嗯"))
    }

    @Test func attendeesWithTalkTime() throws {
        let text = "WEBVTT\n\n00:00:00.000 --> 00:00:30.000\n<v Ann>We start.\n\n00:00:30.000 --> 00:00:40.000\n<v Ben>Fine.\n"
        let transcript = try TranscriptParser().parse(text: text)
        let minutes = Fixtures.generator.generate(transcript, info: MeetingInfo(attendees: ["Cy"]))
        #expect(minutes.attendees.map(\.name) == ["Ann", "Ben", "Cy"])
        #expect(minutes.attendees.map(\.talkSeconds) == [30, 10, 0])
        #expect(!minutes.talkTimeEstimated)
        #expect(minutes.durationSeconds == 40)
    }

    @Test func liveUtterancesGiveTheSameMinutesAsTheUpload() throws {
        let transcript = try TranscriptParser().parse(text: Fixtures.english)
        let info = MeetingInfo(title: "Launch", language: .english, date: Fixtures.wednesday, attendees: ["Dave"])
        #expect(Fixtures.generator.generate(utterances: transcript.utterances, info: info)
            == Fixtures.generator.generate(transcript, info: info))
    }

    @Test func chaptersFollowTopicShifts() throws {
        var lines: [String] = []
        for i in 0..<30 { lines.append("A: The kitchen oven temperature recipe needs more garlic and butter, batch \(i).") }
        for i in 0..<30 { lines.append("B: The server database migration script failed on the replica cluster, run \(i).") }
        let minutes = try Fixtures.minutes(lines.joined(separator: "\n"))
        #expect(minutes.chapters.count == 2)
        #expect(minutes.chapters.first?.lastUtterance == 29)
        #expect(minutes.chapters.last?.keywords.contains("database") == true)
    }
}
