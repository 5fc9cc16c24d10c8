import Foundation
import Testing

/// Issue 14: a meeting in progress survives a restart of a separate parleyd process, and minutes
/// reach every attendee at least once (the inbox keeps them until the client sends `meeting.ack`).
@Suite("Meetings across restarts", .serialized, .timeLimit(.minutes(5)))
struct MeetingRestartTests {
    static let before: [(String, String)] = [
        ("host", "Welcome everyone, today we review the excavator order and the service desk backlog."),
        ("li", "The excavator parts from the supplier are delayed by two weeks."),
        ("host", "We decided to move the delivery date of the excavator order to December."),
        ("li", "I will send the new schedule to the supplier tomorrow."),
    ]
    static let after: [(String, String)] = [
        ("ana", "I will update the customer contract for the crane project by Friday."),
        ("host", "We decided to hire an outsourcing partner for the service desk."),
    ]

    @Test("kill -9 during a live meeting: the host continues, and every attendee gets minutes with what was said before and after",
          arguments: [SIGKILL, SIGTERM])
    func restart(signal: Int32) async throws {
        let dir = NSTemporaryDirectory() + "parley-meeting-restart-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var daemon = try await DaemonProcess(dataDirectory: dir)
        let (_, group) = try await HTTP.request("POST", daemon.http + "/api/v1/groups", token: try await daemon.token("admin", admin: true),
                                                body: ["title": "Plant sync", "members": ["host", "li", "ana"]])
        let g = try #require(group["id"] as? String)
        // ana (es) connects once so her language is known; she is offline from then on.
        try await daemon.client("ana", lang: "es").close()
        var host = try await daemon.client("host")
        host.send(["type": "meeting.start", "id": "s", "title": "Plant sync", "lang": "en", "conversation": g,
                   "attendees": ["li", "ana"], "date": "2026-11-25"])
        let meeting = try #require(try await host.next("meeting.started")["meeting"] as? String)
        for (i, line) in Self.before.enumerated() {
            host.send(["type": "meeting.utterance", "id": "u\(i + 1)", "meeting": meeting, "speaker": line.0, "text": line.1, "start": i * 30])
            let noted = try await host.next("meeting.noted", timeout: 30) { $0["id"] as? String == "u\(i + 1)" }
            #expect((noted["n"] as? NSNumber)?.intValue == i + 1)
        }

        daemon.kill(signal: signal)
        #expect(daemon.waitForExit(timeout: 15) != nil)
        daemon = try await DaemonProcess(dataDirectory: dir)
        host = try await daemon.client("host")
        // A retried utterance (same id) is stored once: it gets its first number back.
        host.send(["type": "meeting.utterance", "id": "u4", "meeting": meeting, "speaker": "li", "text": Self.before[3].1, "start": 90])
        #expect((try await host.next("meeting.noted", timeout: 30) { $0["id"] as? String == "u4" }["n"] as? NSNumber)?.intValue == 4)
        for (i, line) in Self.after.enumerated() {
            let id = "u\(Self.before.count + i + 1)"
            host.send(["type": "meeting.utterance", "id": id, "meeting": meeting, "speaker": line.0, "text": line.1, "start": 200 + i * 30])
            let noted = try await host.next("meeting.noted", timeout: 30) { $0["id"] as? String == id }
            #expect((noted["n"] as? NSNumber)?.intValue == Self.before.count + i + 1)
        }
        let li = try await daemon.client("li", lang: "zh")
        host.send(["type": "meeting.end", "id": "e", "meeting": meeting])
        let ended = try await host.next("meeting.ended")
        #expect((ended["version"] as? NSNumber)?.intValue == 1)

        let minutes = try await host.next("minutes") { $0["meeting"] as? String == meeting }
        let markdown = try #require(minutes["markdown"] as? String)
        #expect(markdown.contains("December"), "said before the restart: \(markdown)")
        #expect(markdown.contains("outsourcing partner"), "said after the restart: \(markdown)")
        let actionItems = (minutes["minutes"] as? [String: Any])?["actionItems"] as? [[String: Any]]
        #expect(actionItems?.contains { ($0["owner"] as? String) == "Ana" || ($0["owner"] as? String) == "ana" } == true, "\(actionItems ?? [])")
        #expect((minutes["minutes"] as? [String: Any])?["utteranceCount"] as? Int == Self.before.count + Self.after.count)

        let liMinutes = try await li.next("minutes") { $0["meeting"] as? String == meeting }
        #expect(liMinutes["lang"] as? String == "zh")
        #expect((liMinutes["version"] as? NSNumber)?.intValue == 1)

        // ana was offline: her minutes wait for her, in Spanish.
        let ana = try await TestClient(url: daemon.url)
        ana.send(["type": "hello", "version": 1, "token": try await daemon.token("ana", lang: "es")])
        try await ana.next("welcome")
        let anaMinutes = try await ana.next("minutes")
        #expect(anaMinutes["meeting"] as? String == meeting)
        #expect(anaMinutes["lang"] as? String == "es")
        // The minutes were posted into the group once.
        host.send(["type": "history", "id": "h", "conversation": g])
        let history = try await host.next("history")
        #expect((history["messages"] as? [[String: Any]])?.filter { $0["kind"] as? String == "minutes" }.count == 1)
        daemon.kill(signal: SIGTERM)
        _ = daemon.waitForExit(timeout: 15)
    }

    @Test("minutes stay in the inbox until the attendee acknowledges them: a dropped connection gets them again, an ack ends that")
    func inboxUntilAck() async throws {
        let dir = NSTemporaryDirectory() + "parley-meeting-inbox-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let daemon = try await DaemonProcess(dataDirectory: dir)
        let host = try await daemon.client("host")
        let li = try await daemon.client("li")
        host.send(["type": "meeting.start", "id": "s", "attendees": ["li"]])
        let meeting = try #require(try await host.next("meeting.started")["meeting"] as? String)
        host.send(["type": "meeting.utterance", "meeting": meeting, "speaker": "Li", "text": "I will send the report by Friday."])
        host.send(["type": "meeting.end", "id": "e", "meeting": meeting])
        try await host.next("meeting.ended")
        // li's frame was queued to her open session; she drops before acknowledging it.
        _ = try await li.next("minutes")
        li.close()
        let again = try await daemon.client("li")
        let redelivered = try await again.next("minutes")
        #expect(redelivered["meeting"] as? String == meeting)
        #expect((redelivered["version"] as? NSNumber)?.intValue == 1)
        again.send(["type": "meeting.ack", "id": "a", "meeting": meeting, "version": 1])
        let acked = try await again.next("meeting.acked")
        #expect((acked["version"] as? NSNumber)?.intValue == 1)
        again.close()
        let third = try await daemon.client("li")
        #expect(await third.receives("minutes", within: 1) == false)
        daemon.kill(signal: SIGTERM)
        _ = daemon.waitForExit(timeout: 15)
    }

    @Test("a meeting left live by a restart is still closed by the silence timeout, counted from its last stored utterance")
    func silenceAfterRestart() async throws {
        let dir = NSTemporaryDirectory() + "parley-meeting-silence-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var daemon = try await DaemonProcess(dataDirectory: dir, environment: ["PARLEY_MEETING_SILENCE_TIMEOUT": "3"])
        var host = try await daemon.client("host")
        host.send(["type": "meeting.start", "id": "s", "attendees": []])
        let meeting = try #require(try await host.next("meeting.started")["meeting"] as? String)
        host.send(["type": "meeting.utterance", "id": "u1", "meeting": meeting, "speaker": "Host", "text": "We decided to ship on Monday."])
        try await host.next("meeting.noted")
        daemon.kill(signal: SIGKILL)
        _ = daemon.waitForExit(timeout: 15)
        daemon = try await DaemonProcess(dataDirectory: dir, environment: ["PARLEY_MEETING_SILENCE_TIMEOUT": "3"])
        host = try await daemon.client("host")
        let minutes = try await host.next("minutes", timeout: 15)
        #expect(minutes["meeting"] as? String == meeting)
        #expect((minutes["markdown"] as? String)?.contains("Monday") == true)
        daemon.kill(signal: SIGTERM)
        _ = daemon.waitForExit(timeout: 15)
    }
}
