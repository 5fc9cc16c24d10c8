import Foundation
import GRDB
import Testing

/// Issue 14: a store failure while minutes are stored is an error for the host and a count in
/// `/metrics`, never silence; once the store works again the minutes are stored and delivered.
@Suite("Meeting store failures", .timeLimit(.minutes(5)))
struct MeetingFailureTests {
    @Test("minutes that cannot be stored: the host hears it, /metrics counts it, a retry delivers them")
    func minutesStoreFailure() async throws {
        // Silence closes meetings after 20 s; the meeting loop (which also retries) runs every 5 s.
        let d = try await TestDaemon { $0.meetingSilenceTimeout = 20 }
        let host = try await d.client("host")
        host.send(["type": "meeting.start", "id": "s", "attendees": []])
        let meeting = try #require(try await host.next("meeting.started")["meeting"] as? String)
        host.send(["type": "meeting.utterance", "id": "u1", "meeting": meeting, "speaker": "Host", "text": "We decided to ship the loader on Monday."])
        try await host.next("meeting.noted")

        // Another connection to the same database refuses every new minutes row: a real failed write.
        let database = try DatabaseQueue(path: d.directory + "/parley.sqlite")
        try await database.write { db in
            try db.execute(sql: "CREATE TRIGGER injected BEFORE INSERT ON meeting_minutes BEGIN SELECT RAISE(ABORT, 'disk I/O error (injected)'); END")
        }
        host.send(["type": "meeting.end", "id": "e", "meeting": meeting])
        let error = try await host.next("error") { $0["id"] as? String == "e" }
        #expect(error["code"] as? String == "internal")
        let message = try #require(error["message"] as? String)
        #expect(message.contains("could not be stored"), "\(message)")
        #expect(message.contains("injected"), "\(message)")
        #expect(message.contains("retries every 5.0 s"), "\(message)")
        let (_, metrics) = try await HTTP.text("GET", d.http + "/metrics")
        let failures = metrics.split(separator: "\n").filter { $0.hasPrefix(#"parley_meeting_store_failures_total{step="store minutes"}"#) }
        #expect(failures == [#"parley_meeting_store_failures_total{step="store minutes"} 1"#], "\(failures)")

        try await database.write { db in try db.execute(sql: "DROP TRIGGER injected") }
        let minutes = try await host.next("minutes", timeout: 20)
        #expect(minutes["meeting"] as? String == meeting)
        #expect((minutes["markdown"] as? String)?.contains("Monday") == true)
        await d.stop()
    }
}
