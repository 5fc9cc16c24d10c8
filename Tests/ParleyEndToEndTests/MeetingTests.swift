import Foundation
import Testing

@Suite("Meetings end to end", .timeLimit(.minutes(5)))
struct MeetingTests {
    @Test("a live meeting's minutes reach zh, en and es attendees in their language; the offline one finds them on connecting")
    func liveMeeting() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Plant sync", members: ["host", "li", "ana"])
        let host = try await d.client("host", lang: "en")
        let li = try await d.client("li", lang: "zh")
        // ana (es) connects once so her language is known, then goes offline before the meeting ends.
        let anaBefore = try await d.client("ana", lang: "es")
        anaBefore.close()
        host.send(["type": "meeting.start", "id": "s", "title": "Plant sync", "lang": "en", "conversation": g,
                   "attendees": ["li", "ana"], "date": "2026-11-25"])
        let started = try await host.next("meeting.started")
        let meeting = try #require(started["meeting"] as? String)
        let lines: [(String, String)] = [
            ("host", "Welcome everyone, today we review the excavator order and the service desk backlog."),
            ("li", "The excavator parts from the supplier are delayed by two weeks."),
            ("host", "We decided to move the delivery date of the excavator order to December."),
            ("ana", "I will update the customer contract by Friday."),
            ("li", "I will send the new schedule to the supplier tomorrow."),
            ("host", "Should we hire an outsourcing partner for the service desk?"),
        ]
        for (i, line) in lines.enumerated() {
            host.send(["type": "meeting.utterance", "meeting": meeting, "speaker": line.0, "text": line.1, "start": i * 30])
        }
        host.send(["type": "meeting.end", "id": "e", "meeting": meeting])
        try await host.next("meeting.ended")

        let hostMinutes = try await host.next("minutes")
        #expect(hostMinutes["lang"] as? String == "en")
        #expect((hostMinutes["markdown"] as? String)?.contains("excavator") == true)
        let items = try #require((hostMinutes["minutes"] as? [String: Any])?["actionItems"] as? [[String: Any]])
        // Both commitments, each with its speaker as owner and its due day resolved against 2026-11-25 (a Wednesday).
        #expect(items.map { $0["owner"] as? String } == ["ana", "li"])
        #expect(items.map { $0["due"] as? String } == ["2026-11-27", "2026-11-26"])
        #expect(items.map { $0["text"] as? String } == ["I will update the customer contract by Friday.",
                                                         "I will send the new schedule to the supplier tomorrow."])

        let liMinutes = try await li.next("minutes")
        #expect(liMinutes["lang"] as? String == "zh")
        let liMarkdown = try #require(liMinutes["markdown"] as? String)
        // Chinese headings and the action items in Chinese, owners and due days kept.
        #expect(liMarkdown.contains("## 待办事项"))
        #expect(liMarkdown.contains("**负责人:** ana; **截止:** 2026-11-27"))
        #expect(liMarkdown.contains("挖掘机"))
        #expect(!liMarkdown.contains("Action items"))
        #expect(((liMinutes["original"] as? [String: Any])?["markdown"] as? String)?.contains("excavator") == true)

        let ana = try await TestClient(url: d.url)
        ana.send(["type": "hello", "version": 1, "token": try await d.token("ana", lang: "es")])
        try await ana.next("welcome")
        let anaMinutes = try await ana.next("minutes")
        #expect(anaMinutes["lang"] as? String == "es")
        #expect(anaMinutes["meeting"] as? String == meeting)
        let anaMarkdown = try #require(anaMinutes["markdown"] as? String)
        #expect(anaMarkdown.contains("## Tareas"))
        #expect(anaMarkdown.contains("**Responsable:** li; **Fecha límite:** 2026-11-26"))
        #expect(anaMarkdown.contains("excavadora"))
        #expect(!anaMarkdown.contains("excavator"))

        // The minutes were also posted into the meeting's group, and can be asked for again.
        host.send(["type": "history", "id": "h", "conversation": g])
        let history = try await host.next("history")
        #expect((history["messages"] as? [[String: Any]])?.last?["kind"] as? String == "minutes")
        li.send(["type": "meeting.minutes", "id": "again", "meeting": meeting])
        let again = try await li.next("minutes") { $0["id"] as? String == "again" }
        #expect(again["markdown"] as? String == liMarkdown)
        await d.stop()
    }

    @Test("an uploaded transcript returns minutes; a broken one names the line")
    func upload() async throws {
        let d = try await TestDaemon()
        let token = try await d.token("host")
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana>We decided to ship on Monday.\n\n00:00:05.000 --> 00:00:09.000\n<v Bo>I will write the release notes by Friday.\n"
        let (status, body) = try await d.request("POST", "/api/v1/meetings", token: token,
                                                 body: ["title": "Release", "lang": "en", "date": "2026-11-25", "attendees": [], "transcript": vtt])
        #expect(status == 201)
        #expect(((body["minutes"] as? [String: Any])?["decisions"] as? [Any])?.isEmpty == false)
        let broken = "WEBVTT\n\n00:00:01.000 --> nonsense\n<v Ana>hello\n"
        let (bad, error) = try await d.request("POST", "/api/v1/meetings", token: token, body: ["transcript": broken, "format": "vtt", "attendees": []])
        #expect(bad == 400)
        #expect((error["message"] as? String)?.contains("line 3") == true)
        await d.stop()
    }
}
