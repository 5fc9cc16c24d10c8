import Foundation
import ParleyFollowUps
import Testing

/// Follow-ups end to end: a meeting's action items become follow-ups proposed to their owners,
/// who take them on and mark them done; the host accepts; every step is in the history and pushed
/// to the other party; nobody else may change them.
@Suite("Follow-ups end to end", .timeLimit(.minutes(5)))
struct FollowUpTests {
    @Test("a meeting's action items become follow-ups: proposed, accepted, done, accepted by the host, with history; others are refused")
    func fromMinutesToAccepted() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Plant sync", members: ["host", "li", "ana", "bob"])
        let host = try await d.client("host", lang: "en")
        let li = try await d.client("li", lang: "zh")
        let ana = try await d.client("ana", lang: "es")
        host.send(["type": "meeting.start", "id": "s", "title": "Plant sync", "lang": "en", "conversation": g,
                   "attendees": ["li", "ana"], "date": "2026-11-25"])
        let meeting = try #require(try await host.next("meeting.started")["meeting"] as? String)
        let lines: [(String, String)] = [
            ("host", "Welcome everyone, today we review the excavator order."),
            ("ana", "I will update the customer contract by Friday."),
            ("li", "I will send the new schedule to the supplier tomorrow."),
        ]
        for (i, line) in lines.enumerated() {
            host.send(["type": "meeting.utterance", "meeting": meeting, "speaker": line.0, "text": line.1, "start": i * 30])
        }
        host.send(["type": "meeting.end", "id": "e", "meeting": meeting])
        try await host.next("meeting.ended")

        // Each owner is told of theirs, in their language, proposed; the host of both.
        let anaNew = try #require(try await ana.next("followup", timeout: 60)["followup"] as? [String: Any])
        #expect(anaNew["status"] as? String == "proposed")
        #expect(anaNew["owner"] as? String == "ana@acme")
        #expect(anaNew["requester"] as? String == "host@acme")
        #expect(anaNew["due"] as? String == "2026-11-27")
        #expect(anaNew["lang"] as? String == "es")
        #expect(anaNew["text"] as? String == "Actualizaré el contrato de cliente por viernes.")
        #expect((anaNew["original"] as? [String: Any])?["text"] as? String == "I will update the customer contract by Friday.")
        #expect(anaNew["meeting"] as? String == meeting)
        #expect(anaNew["conversation"] as? String == g)
        let liNew = try #require(try await li.next("followup")["followup"] as? [String: Any])
        #expect(liNew["due"] as? String == "2026-11-26")
        var told: [String] = []
        for _ in 0..<2 { told.append(try #require((try await host.next("followup")["followup"] as? [String: Any])?["owner"] as? String)) }
        #expect(Set(told) == ["ana@acme", "li@acme"])
        let id = try #require(anaNew["id"] as? String)

        // Lists: mine, the meeting's (attendees only), filtered by status.
        ana.send(["type": "followups", "id": "mine"])
        let mine = try #require(try await ana.next("followups")["followups"] as? [[String: Any]])
        #expect(mine.compactMap { $0["id"] as? String } == [id])
        host.send(["type": "followups", "id": "m", "meeting": meeting])
        let all = try #require(try await host.next("followups")["followups"] as? [[String: Any]])
        #expect(all.compactMap { $0["owner"] as? String } == ["li@acme", "ana@acme"], "due soonest first")
        let bob = try await d.client("bob")
        bob.send(["type": "followups", "id": "b", "meeting": meeting])
        #expect(try await bob.next("error")["code"] as? String == "forbidden")

        // Nobody but owner and requester changes it; the requester cannot accept the proposal for the owner.
        bob.send(["type": "followup.update", "id": "x", "followup": id, "action": "done"])
        let refused = try await bob.next("error")
        #expect(refused["code"] as? String == "forbidden")
        #expect((refused["message"] as? String)?.contains("only the owner (ana@acme) and the requester (host@acme)") == true)
        host.send(["type": "followup.update", "id": "x", "followup": id, "action": "accept"])
        #expect((try await host.next("error")["message"] as? String)?.contains("only the owner (ana@acme) accepts") == true)
        let outsider = try await d.client("ana", tenant: "globex")
        outsider.send(["type": "followup.update", "id": "x", "followup": id, "action": "done"])
        #expect(try await outsider.next("error")["code"] as? String == "not_found")

        // Accept, done (the host is asked), accepted by the host (ana is told).
        ana.send(["type": "followup.update", "id": "a1", "followup": id, "action": "accept"])
        #expect((try await ana.next("followup")["followup"] as? [String: Any])?["status"] as? String == "open")
        #expect((try await host.next("followup")["followup"] as? [String: Any])?["status"] as? String == "open")
        ana.send(["type": "followup.update", "id": "a2", "followup": id, "action": "done"])
        #expect((try await ana.next("followup") { $0["id"] as? String == "a2" }["followup"] as? [String: Any])?["status"] as? String == "done")
        let asked = try await host.next("followup")
        #expect(asked["event"] as? String == "updated")
        #expect((asked["followup"] as? [String: Any])?["status"] as? String == "done")
        host.send(["type": "followup.update", "id": "h1", "followup": id, "action": "accept"])
        let closed = try #require(try await host.next("followup") { $0["id"] as? String == "h1" }["followup"] as? [String: Any])
        #expect(closed["status"] as? String == "accepted")
        #expect((try await ana.next("followup")["followup"] as? [String: Any])?["status"] as? String == "accepted")
        let history = try #require(closed["history"] as? [[String: Any]])
        #expect(history.compactMap { $0["by"] as? String } == ["host@acme", "ana@acme", "ana@acme", "host@acme"])
        ana.send(["type": "followup.update", "id": "late", "followup": id, "action": "drop"])
        #expect(try await ana.next("error")["code"] as? String == "conflict")

        // Bad input names the field.
        ana.send(["type": "followup.update", "id": "bad", "followup": id, "action": "finish"])
        #expect((try await ana.next("error")["message"] as? String)?.contains("'action' must be") == true)
        li.send(["type": "followup.update", "id": "bad", "followup": try #require(liNew["id"] as? String), "action": "due", "due": "2026-02-30"])
        let badDue = try await li.next("error")
        #expect(badDue["code"] as? String == "bad_frame")
        #expect((badDue["message"] as? String)?.contains("'due'") == true)
        await d.stop()
    }

    @Test("another system creates a follow-up with a bot token and an idempotency key; the owner reads it over HTTP")
    func fromAnotherSystem() async throws {
        let d = try await TestDaemon()
        let bot = try await d.token("servicedesk", bot: true)
        let body: [String: Any] = ["key": "TICKET-42", "owner": "carol", "text": "Replace the pump seal on line 3", "due": "2026-12-10"]
        let (created, first) = try await d.request("POST", "/api/v1/followups", token: bot, body: body)
        #expect(created == 201)
        let id = try #require((first["followup"] as? [String: Any])?["id"] as? String)
        let (again, second) = try await d.request("POST", "/api/v1/followups", token: bot, body: body)
        #expect(again == 200)
        #expect((second["followup"] as? [String: Any])?["id"] as? String == id)
        let (plain, _) = try await d.request("POST", "/api/v1/followups", token: try await d.token("carol"), body: body)
        #expect(plain == 403)
        let (missing, why) = try await d.request("POST", "/api/v1/followups", token: bot, body: ["key": "k", "owner": "carol"])
        #expect(missing == 400)
        #expect((why["message"] as? String)?.contains("'text'") == true)
        let (listed, list) = try await d.request("GET", "/api/v1/followups", token: try await d.token("carol"))
        #expect(listed == 200)
        let items = try #require(list["followups"] as? [[String: Any]])
        #expect(items.compactMap { $0["id"] as? String } == [id])
        #expect(items.first?["requester"] as? String == "servicedesk@acme")
        let (others, theirs) = try await d.request("GET", "/api/v1/followups", token: try await d.token("carol", tenant: "globex"))
        #expect(others == 200)
        #expect((theirs["followups"] as? [Any])?.isEmpty == true)
        await d.stop()
    }

    @Test("an overdue follow-up is reminded once in its owner's chat, in their language, marked late; not again after a restart")
    func reminderExactlyOnce() async throws {
        var d = try await TestDaemon { $0.followUps.reminderInterval = 0.2 }
        let carol = try await d.client("carol", lang: "es")
        // Saved now: a token's language reaches the store in the recorder's next batch, which a
        // reminder pass 0.2 s later may precede.
        carol.send(["type": "settings", "id": "s", "lang": "es"])
        try await carol.next("settings")
        carol.send(["type": "subscribe", "id": "w", "conversation": "*"])
        try await carol.next("subscribed")
        let bot = try await d.token("servicedesk", bot: true)
        let (status, body) = try await d.request("POST", "/api/v1/followups", token: bot,
                                                 body: ["key": "T-7", "owner": "carol", "text": "Replace the pump seal", "due": "2026-01-05", "lang": "en"])
        #expect(status == 201)
        let id = try #require((body["followup"] as? [String: Any])?["id"] as? String)
        let reminder = try await carol.next("message", timeout: 20) { ($0["sender"] as? [String: Any])?["id"] as? String == "parley" }
        #expect(reminder["kind"] as? String == "bot")
        #expect((reminder["sender"] as? [String: Any])?["name"] as? String == "Parley")
        let text = try #require(reminder.messageText)
        #expect(text.hasPrefix("Vencido desde el 2026-01-05 — "), "\(text)")
        #expect(text.hasSuffix(" (enviado con retraso)"), "\(text)")
        let payload = try #require(reminder["payload"] as? [String: Any])
        #expect(payload["followup"] as? String == id)
        #expect(payload["reminder"] as? String == "overdue")
        let conversation = try #require(reminder["conversation"] as? String)
        // Passes keep running: nothing more.
        #expect(await carol.receives("message", within: 1.5) == false)
        carol.close()

        await d.stop(keepingData: true)
        d = try await TestDaemon(directory: d.directory) { $0.followUps.reminderInterval = 0.2 }
        try await Task.sleep(for: .seconds(1.5))
        let again = try await d.client("carol", lang: "es")
        again.send(["type": "history", "id": "h", "conversation": conversation, "limit": 50])
        let history = try #require(try await again.next("history")["messages"] as? [[String: Any]])
        #expect(history.count == 1, "\(history.map { $0["text"] ?? "-" })")
        // Done: no reminder for it from now on, and the next pass sends nothing.
        again.send(["type": "followup.update", "id": "d", "followup": id, "action": "done"])
        #expect((try await again.next("followup")["followup"] as? [String: Any])?["status"] as? String == "done")
        await d.stop()
    }

    @Test("a host's correction of the minutes changes the follow-ups it changes, drops removed ones, and leaves the others and their history alone")
    func correctionFollowsTheMinutes() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Line review", members: ["host", "li", "ana", "bob"])
        let host = try await d.client("host", lang: "en")
        host.send(["type": "meeting.start", "id": "s", "title": "Line review", "lang": "en", "conversation": g,
                   "attendees": ["li", "ana", "bob"], "date": "2026-11-25"])
        let meeting = try #require(try await host.next("meeting.started")["meeting"] as? String)
        let lines: [(String, String)] = [
            ("host", "Welcome, we review line three."),
            ("ana", "I will update the customer contract by Friday."),
            ("li", "I will send the new schedule to the supplier tomorrow."),
            ("bob", "I will order the spare belts by Friday."),
        ]
        for (i, line) in lines.enumerated() {
            host.send(["type": "meeting.utterance", "meeting": meeting, "speaker": line.0, "text": line.1, "start": i * 30])
        }
        for _ in lines { try await host.next("meeting.noted") }
        host.send(["type": "meeting.end", "id": "e", "meeting": meeting])
        let minutesFrame = try await host.next("minutes", timeout: 30)
        var minutes = try #require((minutesFrame["original"] as? [String: Any])?["minutes"] as? [String: Any])
        var items = try #require(minutes["actionItems"] as? [[String: Any]])
        #expect(items.compactMap { $0["owner"] as? String } == ["ana", "li", "bob"])
        func followUps() async throws -> [String: [String: Any]] {
            host.send(["type": "followups", "id": "l", "meeting": meeting])
            let list = try #require(try await host.next("followups") { $0["id"] as? String == "l" }["followups"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: list.map { (($0["owner"] as? String) ?? "", $0) })
        }
        var before: [String: [String: Any]] = [:]
        let deadline = Date().addingTimeInterval(30)
        while before.count < 3, Date() < deadline {
            before = try await followUps()
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(before.count == 3)

        // The host moves li's date, drops bob's item, leaves ana's alone.
        items[1]["due"] = "2026-12-04"
        items.remove(at: 2)
        minutes["actionItems"] = items
        host.send(["type": "meeting.correct", "id": "c", "meeting": meeting, "minutes": minutes])
        try await host.next("meeting.corrected")
        var after: [String: [String: Any]] = [:]
        let second = Date().addingTimeInterval(15)
        while Date() < second {
            after = try await followUps()
            if after["bob@acme"]?["status"] as? String == "dropped", after["li@acme"]?["due"] as? String == "2026-12-04" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let li = try #require(after["li@acme"])
        #expect(li["due"] as? String == "2026-12-04")
        let liHistory = try #require(li["history"] as? [[String: Any]])
        #expect(liHistory.count == 2)
        #expect(liHistory.last?["by"] as? String == "host@acme")
        #expect(((liHistory.last?["change"] as? [String: Any])?["due"] as? [String: Any])?["to"] as? String == "2026-12-04")
        #expect(after["bob@acme"]?["status"] as? String == "dropped")
        let ana = try #require(after["ana@acme"])
        #expect((ana["history"] as? [[String: Any]])?.count == 1, "ana's follow-up and its history are left alone")
        #expect(ana["updatedAt"] as? Int64 == before["ana@acme"]?["updatedAt"] as? Int64)
        #expect(ana["status"] as? String == "proposed")
    }

    @Test("the daily digest lists an owner's pending follow-ups, overdue first, in their language, once a day; a long-late reminder goes into it instead")
    func dailyDigest() async throws {
        let d = try await TestDaemon {
            $0.followUps.digestHour = 0
            $0.followUps.digestInterval = 3_600  // passes when the test says
        }
        defer { Task { await d.stop() } }
        let desk = try #require(d.daemon.feature(FollowUpDesk.self))
        let carol = try await d.client("carol", lang: "es")
        carol.send(["type": "settings", "id": "s", "lang": "es"])
        try await carol.next("settings")
        carol.send(["type": "subscribe", "id": "w", "conversation": "*"])
        try await carol.next("subscribed")
        let bot = try await d.token("servicedesk", bot: true)
        for (key, text, due) in [("T-1", "Order spare filters", "2099-03-01"), ("T-2", "Replace the pump seal", "2026-01-05"), ("T-3", "Clean the hall", "")] {
            var body: [String: Any] = ["key": key, "owner": "carol", "text": text, "lang": "en"]
            if !due.isEmpty { body["due"] = due }
            #expect(try await d.request("POST", "/api/v1/followups", token: bot, body: body).0 == 201)
        }
        // The overdue one's reminder is months late: not sent on its own.
        await desk.remindDue()
        #expect(await desk.sendDigests() == 1)
        #expect(await desk.sendDigests() == 0, "once a day")
        let digest = try await carol.next("message", timeout: 20) { ($0["sender"] as? [String: Any])?["id"] as? String == "parley" }
        let lines = try #require(digest.messageText).split(separator: "\n").map(String.init)
        let today = ISO8601DateFormatter().string(from: Date()).prefix(10)
        #expect(lines.first == "Tus seguimientos para el \(today): 3 pendientes, 1 vencidos")
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("• vencido desde el 2026-01-05 — "))
        #expect(lines[2].hasPrefix("• vence el 2099-03-01 — "))
        #expect(lines[3].hasPrefix("• sin fecha — "))
        #expect(carol.drain().filter { $0["type"] as? String == "message" }.isEmpty, "no separate overdue reminder")
        // A restart sends neither again.
        await d.stop(keepingData: true)
        let again = try await TestDaemon(directory: d.directory) { $0.followUps.digestHour = 0; $0.followUps.digestInterval = 3_600 }
        defer { Task { await again.stop() } }
        let desk2 = try #require(again.daemon.feature(FollowUpDesk.self))
        #expect(await desk2.remindDue() == 0)
        #expect(await desk2.sendDigests() == 0)
    }

    @Test("uploaded transcripts in English and in Chinese make follow-ups with their owners and resolved due dates")
    func fromUploadedMeetings() async throws {
        let d = try await TestDaemon()
        defer { Task { await d.stop() } }
        let host = try await d.token("host")
        let english = "host: Welcome to the release review.\nana: I will update the customer contract by Friday.\n"
        var (status, body) = try await d.request("POST", "/api/v1/meetings", token: host,
                                                 body: ["title": "Release", "lang": "en", "date": "2026-11-25", "attendees": ["ana"], "transcript": english])
        #expect(status == 201, "\(body)")
        let chinese = "host: 欢迎大家，今天讨论供应商的交付计划。\nli: 我来负责，下周五前把图纸发给供应商。\n"
        (status, body) = try await d.request("POST", "/api/v1/meetings", token: host,
                                             body: ["title": "交付计划", "lang": "zh", "date": "2026-11-25", "attendees": ["li"], "transcript": chinese])
        #expect(status == 201, "\(body)")
        var items: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(30)
        while items.count < 2, Date() < deadline {
            items = try #require(try await d.request("GET", "/api/v1/followups", token: host).1["followups"] as? [[String: Any]])
            if items.count < 2 { try await Task.sleep(for: .milliseconds(100)) }
        }
        let byOwner = Dictionary(uniqueKeysWithValues: items.map { (($0["owner"] as? String) ?? "", $0) })
        #expect(byOwner["ana@acme"]?["due"] as? String == "2026-11-27")
        #expect(byOwner["ana@acme"]?["status"] as? String == "proposed")
        #expect(byOwner["li@acme"]?["due"] as? String == "2026-12-04", "下周五 from Wednesday 2026-11-25")
        #expect((byOwner["li@acme"]?["original"] as? [String: Any])?["lang"] as? String == "zh"
                || byOwner["li@acme"]?["lang"] as? String == "zh")
        #expect(byOwner.values.allSatisfy { $0["requester"] as? String == "host@acme" })
    }

    @Test("a clock that jumps back and forth neither sends a reminder twice nor skips one")
    func clockJumps() async throws {
        let clock = TestClock()
        func at(_ iso: String) { clock.set(ISO8601DateFormatter().date(from: iso)!) }
        at("2026-03-01T08:00:00Z")
        let d = try await TestDaemon {
            $0.followUps.reminderInterval = 3_600  // passes when the test says
            $0.followUps.now = clock.function
        }
        defer { Task { await d.stop() } }
        let desk = try #require(d.daemon.feature(FollowUpDesk.self))
        let bot = try await d.token("servicedesk", bot: true)
        #expect(try await d.request("POST", "/api/v1/followups", token: bot,
                                    body: ["key": "J-1", "owner": "omar", "text": "Renew the permit", "due": "2026-03-02"]).0 == 201)
        #expect(await desk.remindDue() == 0, "the day before")
        at("2026-03-02T10:00:00Z")
        #expect(await desk.remindDue() == 1, "due this morning")
        at("2026-03-02T08:00:00Z")
        #expect(await desk.remindDue() == 0, "back before the moment: nothing new, nothing again")
        at("2026-03-02T10:00:00Z")
        #expect(await desk.remindDue() == 0, "forward again: already sent")
        at("2026-03-05T10:00:00Z")
        #expect(await desk.remindDue() == 1, "overdue")
        at("2026-03-03T10:00:00Z")
        #expect(await desk.remindDue() == 0)
        let omar = try await d.client("omar")
        let reminders = try #require(try await d.request("GET", "/api/v1/followups", token: try await d.token("omar")).1["followups"] as? [[String: Any]])
        #expect(reminders.count == 1)
        omar.send(["type": "history", "id": "h", "conversation": "d:omar@acme:parley@acme", "limit": 10])
        let history = try #require(try await omar.next("history")["messages"] as? [[String: Any]])
        #expect(history.compactMap { $0["text"] as? String }.map { String($0.prefix(14)) } == ["Reminder: due ", "Overdue since "])
    }
}
