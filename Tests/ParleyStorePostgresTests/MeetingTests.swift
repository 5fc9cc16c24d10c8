import Foundation
import ParleyDomain
import ParleyStore
@testable import ParleyStorePostgres
import Testing

@Suite("PostgreSQL meetings and minutes", .timeLimit(.minutes(5)))
struct MeetingTests {
    @Test("a meeting: created, utterances through the writer (retries once), ended, minutes in the inbox until acknowledged")
    func lifecycle() async throws {
        let url = try await TestDatabase.make()
        let store = try await TestDatabase.open(url, searchText: SearchText(analyzer: PlainAnalyzer()))
        let other = try await TestDatabase.open(url)
        let hints = Hints(other)
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice, bob])
        let now = StoreClock.now()
        try await store.createMeeting(Meeting(id: "m1", host: alice, attendees: [alice, bob], title: "Plan", language: .english,
                                              date: nil, conversation: g.id, startedAt: now, lastActivity: now))
        let writer = store.makeWriter { _, _ in }
        func say(_ id: String?, _ text: String) async -> Result<Int64, StoreError> {
            await write(writer, .utterance(UtteranceAppend(meeting: "m1", clientID: id, speaker: "Alice", text: text, start: 1.25, end: nil)))
        }
        #expect(try await say("u1", "hello").get() == 1)
        #expect(try await say("u2", "the budget").get() == 2)
        #expect(try await say("u1", "hello").get() == 1, "a retried utterance keeps its number")
        #expect(try await say(nil, "no id").get() == 3)
        #expect(try await write(writer, .end(meeting: "m1")).get() == 3)
        if case .failure(let refusal) = await say("u4", "too late") { #expect(refusal.kind == .refused) } else { Issue.record("an utterance after the end was stored") }
        if case .failure(let missing) = await write(writer, .utterance(UtteranceAppend(meeting: "m-none", clientID: nil, speaker: "A", text: "x", start: nil, end: nil))) {
            #expect(missing.kind == .refused)
        } else { Issue.record("an utterance of no meeting was stored") }
        await writer.stop()

        let said = try await store.utterances(of: "m1")
        #expect(said.map(\.number) == [1, 2, 3])
        #expect(said.first?.start == 1.25)
        #expect(said.first?.end == nil)
        var meeting = try #require(try await store.meeting("m1"))
        #expect(meeting.state == .ended)
        #expect(meeting.utteranceCount == 3)
        #expect(meeting.attendees == [alice, bob])
        #expect(try await store.unfinishedMeetings().map(\.id) == ["m1"])

        try await store.storeMinutes(meeting: "m1", version: 1, body: "{\"title\":\"Plan\"}", attendees: [alice, bob],
                                     searchable: "Plan: the budget review", language: .english)
        #expect(await hints.wait { $0 == .minutesStored(meeting: "m1") })
        meeting = try #require(try await store.meeting("m1"))
        #expect(meeting.state == .concluded)
        #expect(meeting.minutesVersion == 1)
        #expect(try await store.minutes(of: "m1")?.version == 1)
        #expect(try await store.pendingMinutes(for: bob).map(\.meeting) == ["m1"])
        #expect(try await store.unfinishedMeetings().map(\.id) == ["m1"], "minutes not posted yet")
        try await store.markMinutesPosted(meeting: "m1", version: 1)
        #expect(try await store.unfinishedMeetings().isEmpty)
        #expect(try await store.acknowledgeMinutes(bob, meeting: "m1", version: 1))
        #expect(try await store.acknowledgeMinutes(bob, meeting: "m1", version: 1) == false)
        #expect(try await store.pendingMinutes(for: bob).isEmpty)
        #expect(try await store.pendingMinutes(for: alice).count == 1)

        let hits = try await store.searchMinutes(terms: ["budget"], user: bob, since: nil, until: nil, after: nil, limit: 10)
        #expect(hits.map(\.meeting) == ["m1"])
        #expect(hits.first?.title == "Plan")
        #expect(try await store.searchMinutes(terms: ["budget"], user: carol, since: nil, until: nil, after: nil, limit: 10).isEmpty)
        await store.close()
        await other.close()
    }

    @Test("an uploaded meeting is stored ended, with its utterances numbered")
    func uploaded() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let now = StoreClock.now()
        try await store.storeEndedMeeting(
            Meeting(id: "up", host: alice, attendees: [alice], title: "Upload", language: .english, date: ISODate("2026-12-01"),
                    conversation: nil, state: .ended, startedAt: now, lastActivity: now, endedAt: now),
            utterances: [UtteranceAppend(meeting: "up", clientID: nil, speaker: "A", text: "one", start: 0.5, end: 2),
                         UtteranceAppend(meeting: "up", clientID: nil, speaker: "B", text: "two", start: nil, end: nil)])
        let said = try await store.utterances(of: "up")
        #expect(said == [MeetingUtterance(number: 1, speaker: "A", text: "one", start: 0.5, end: 2),
                         MeetingUtterance(number: 2, speaker: "B", text: "two", start: nil, end: nil)])
        let meeting = try #require(try await store.meeting("up"))
        #expect(meeting.state == .ended)
        #expect(meeting.utteranceCount == 2)
        #expect(meeting.date?.description == "2026-12-01")
        await store.close()
    }
}
