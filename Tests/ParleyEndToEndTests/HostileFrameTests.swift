import Foundation
import Testing

/// Issue 13's three frames, each of which used to end the daemon: now the sender gets an error
/// naming the field, and everyone else keeps chatting.
@Suite("Hostile frames", .timeLimit(.minutes(5)))
struct HostileFrameTests {
    func chatStillWorks(_ d: TestDaemon, group g: String, marker: String) async throws {
        let alice = try await d.client("alice")
        let bob = try await d.client("bob")
        bob.send(["type": "subscribe", "id": "sb", "conversation": g])
        try await bob.next("subscribed")
        alice.send(["type": "send", "id": "c-\(marker)", "conversation": g, "text": "still here \(marker)"])
        try await alice.next("ack")
        let message = try await bob.next("message") { $0.messageText == "still here \(marker)" }
        #expect(message["conversation"] as? String == g)
    }

    @Test("meeting.correct with a string for minutes")
    func correctWithString() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "bob", "mallory"])
        let mallory = try await d.client("mallory")
        mallory.sendRaw(#"{"type":"meeting.correct","id":"x","meeting":"m-1","minutes":"just a string"}"#)
        let error = try await mallory.next("error")
        #expect(error["id"] as? String == "x")
        #expect(error["code"] as? String == "bad_frame")
        #expect((error["message"] as? String)?.contains("'minutes'") == true)
        try await chatStillWorks(d, group: g, marker: "1")
        await d.stop()
    }

    @Test("subscribe with since = Int64.max")
    func subscribeSinceMax() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "bob", "mallory"])
        let mallory = try await d.client("mallory")
        mallory.sendRaw(#"{"type":"subscribe","id":"s","conversation":""# + g + #"","since":9223372036854775807}"#)
        let error = try await mallory.next("error")
        #expect(error["id"] as? String == "s")
        #expect((error["message"] as? String)?.contains("0...9007199254740991") == true)
        // At the bound it is accepted and clamped to the newest message: live messages still arrive.
        mallory.sendRaw(#"{"type":"subscribe","id":"s2","conversation":""# + g + #"","since":9007199254740991}"#)
        let subscribed = try await mallory.next("subscribed")
        #expect((subscribed["lastSeq"] as? NSNumber)?.intValue == 0)
        try await chatStillWorks(d, group: g, marker: "2")
        _ = try await mallory.next("message") { $0.messageText == "still here 2" }
        await d.stop()
    }

    @Test("a timestamp of 1e308 seconds, live and uploaded")
    func hugeTimestamps() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "bob", "mallory"])
        let mallory = try await d.client("mallory")
        mallory.send(["type": "meeting.start", "id": "m", "attendees": []])
        let meeting = try #require(try await mallory.next("meeting.started")["meeting"] as? String)
        mallory.sendRaw(#"{"type":"meeting.utterance","id":"u","meeting":""# + meeting + #"","speaker":"M","text":"hello","start":1e308}"#)
        let error = try await mallory.next("error")
        #expect(error["id"] as? String == "u")
        #expect((error["message"] as? String)?.contains("'start'") == true)
        mallory.send(["type": "meeting.end", "id": "e", "meeting": meeting])
        try await mallory.next("meeting.ended")

        let token = try await d.token("mallory")
        let body = #"{"attendees":[],"format":"json","transcript":"[{\"speaker\":\"M\",\"content\":\"We decided to go.\",\"start\":1e308}]"}"#
        let (status, answer) = try await HTTP.text("POST", d.http + "/api/v1/meetings", token: token, body: Data(body.utf8))
        #expect(status == 400)
        #expect(answer.contains("bad_transcript") && answer.contains("line 1") && answer.contains("a week"), "\(answer)")
        let vtt = "WEBVTT\\n\\n99999999999:00:00.000 --> 99999999999:00:01.000\\n<v M>We decided to go.\\n"
        let (vttStatus, vttAnswer) = try await HTTP.text("POST", d.http + "/api/v1/meetings", token: token,
                                                         body: Data((#"{"attendees":[],"transcript":""# + vtt + #""}"#).utf8))
        #expect(vttStatus == 400)
        #expect(vttAnswer.contains("line 3"), "\(vttAnswer)")
        try await chatStillWorks(d, group: g, marker: "3")
        await d.stop()
    }

    @Test("settings with a 10,000-character lang, a February 30th meeting and a read mark past the newest message")
    func smallerOnes() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice", "bob", "mallory"])
        let mallory = try await d.client("mallory")
        mallory.send(["type": "settings", "id": "l", "lang": String(repeating: "x", count: 10_000)])
        #expect((try await mallory.next("error")["message"] as? String)?.contains("BCP 47") == true)
        mallory.send(["type": "meeting.start", "id": "d", "attendees": [], "date": "2026-02-30"])
        #expect((try await mallory.next("error")["message"] as? String)?.contains("real calendar date") == true)
        mallory.send(["type": "read", "id": "r", "conversation": g, "seq": 1_000_000])
        let read = try await mallory.next("read")
        #expect((read["seq"] as? NSNumber)?.intValue == 0, "clamped to the newest message")
        mallory.send(["type": "read", "id": "r2", "conversation": g, "seq": -3])
        #expect(try await mallory.next("error")["id"] as? String == "r2")
        try await chatStillWorks(d, group: g, marker: "4")
        await d.stop()
    }
}
