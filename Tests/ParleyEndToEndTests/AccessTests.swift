import Foundation
import Testing

@Suite("Access and tenants end to end", .timeLimit(.minutes(5)))
struct AccessTests {
    @Test("an outsider and a partner tenant are refused what they may not see")
    func isolation() async throws {
        let d = try await TestDaemon()
        let internalGroup = try await d.group("Internal", members: ["alice"])
        let shared = try await d.group("Joint project", members: ["alice", "pat@partner"], shares: ["partner"])
        let outsider = try await d.client("mallory")
        outsider.send(["type": "subscribe", "id": "s", "conversation": internalGroup])
        let refusal = try await outsider.next("error")
        #expect(refusal["code"] as? String == "forbidden")
        #expect(refusal["id"] as? String == "s")
        outsider.send(["type": "send", "id": "x", "conversation": internalGroup, "text": "let me in"])
        #expect(try await outsider.next("error")["code"] as? String == "forbidden")
        outsider.send(["type": "history", "id": "h", "conversation": internalGroup])
        #expect(try await outsider.next("error")["code"] as? String == "forbidden")

        let partnerClient = try await TestClient(url: d.url)
        partnerClient.send(["type": "hello", "version": 1, "token": try await d.token("pat", tenant: "partner")])
        let welcome = try await partnerClient.next("welcome")
        let visible = (welcome["conversations"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(visible == [shared])
        partnerClient.send(["type": "subscribe", "id": "p", "conversation": internalGroup])
        #expect(try await partnerClient.next("error")["code"] as? String == "forbidden")
        partnerClient.send(["type": "direct", "id": "dm", "user": "alice@acme"])
        #expect(try await partnerClient.next("error")["code"] as? String == "forbidden")
        partnerClient.send(["type": "subscribe", "conversation": shared])
        try await partnerClient.next("subscribed")
        let alice = try await d.client("alice")
        alice.send(["type": "send", "id": "1", "conversation": shared, "text": "welcome, partner"])
        #expect(try await partnerClient.next("message").messageText == "welcome, partner")

        // A user of an unshared tenant cannot be added.
        let (status, body) = try await d.request("POST", "/api/v1/groups/\(internalGroup)/members",
                                                 token: try await d.token("admin", admin: true), body: ["user": "eve@other"])
        #expect(status == 403)
        #expect((body["message"] as? String)?.contains("not shared") == true)
        // Another tenant's admin cannot manage acme's group.
        let (foreign, _) = try await d.request("POST", "/api/v1/groups/\(shared)/members",
                                               token: try await d.token("boss", tenant: "partner", admin: true), body: ["user": "x@partner"])
        #expect(foreign == 403)
        await d.stop()
    }

    @Test("bad, expired and missing tokens get an error naming the problem and close code 4001")
    func badTokens() async throws {
        let d = try await TestDaemon()
        let forged = try await TestClient(url: d.url)
        forged.send(["type": "hello", "version": 1, "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA"])
        let error = try await forged.next("error")
        #expect(error["code"] as? String == "unauthorized")
        #expect(await forged.closed() == 4001)

        let missing = try await TestClient(url: d.url)
        missing.send(["type": "hello", "version": 1])
        #expect((try await missing.next("error")["message"] as? String)?.contains("token") == true)
        #expect(await missing.closed() == 4001)

        // Correctly signed tokens whose claims are refused: each names its problem.
        let refusals: [(token: String, says: String)] = [
            (try await d.token("alice", lifetime: -60), "token expired at "),
            (try await d.token("alice", notBefore: Date().addingTimeInterval(3600)), "'nbf' lies in the future"),
            (try await d.token("pat@partner"), "'sub' contains '@'"),
            (try await d.token("alice", tenant: "acme@evil"), "'tenant' contains '@'"),
            (try await d.token("al\u{7}ice"), "'sub' contains a control character"),
            (try await d.token(String(repeating: "a", count: 129)), "'sub' is longer than 128 bytes"),
        ]
        for (token, says) in refusals {
            let client = try await TestClient(url: d.url)
            client.send(["type": "hello", "version": 1, "token": token])
            let refusal = try await client.next("error")
            #expect(refusal["code"] as? String == "unauthorized")
            let message = try #require(refusal["message"] as? String)
            #expect(message.contains(says), "\(message) should say \(says)")
            #expect(await client.closed() == 4001)
            let (status, body) = try await d.request("GET", "/api/v1/groups", token: token)
            #expect(status == 401)
            #expect((body["message"] as? String)?.contains(says) == true)
        }
        // A token valid from a few seconds ahead (clock skew) is accepted.
        _ = try await d.client("alice")
        let skewed = try await TestClient(url: d.url)
        skewed.send(["type": "hello", "version": 1, "token": try await d.token("alice", notBefore: Date().addingTimeInterval(5))])
        try await skewed.next("welcome")

        let early = try await TestClient(url: d.url)
        early.send(["type": "subscribe", "conversation": "g"])
        #expect(try await early.next("error")["code"] as? String == "unauthenticated")

        let (status, _) = try await d.request("GET", "/api/v1/groups", token: "nonsense")
        #expect(status == 401)
        await d.stop()
    }

    @Test("admin endpoints need an admin token; members can be added and removed")
    func administration() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice"])
        let (plain, _) = try await d.request("POST", "/api/v1/groups", token: try await d.token("alice"), body: ["title": "x"])
        #expect(plain == 403)
        let admin = try await d.token("admin", admin: true)
        let carol = try await d.client("carol")
        carol.send(["type": "subscribe", "conversation": "*"])
        try await carol.next("subscribed")
        let (added, body) = try await d.request("POST", "/api/v1/groups/\(g)/members", token: admin, body: ["user": "carol"])
        #expect(added == 200)
        #expect((body["members"] as? [String])?.contains("carol@acme") == true)
        try await Task.sleep(for: .milliseconds(100))
        let alice = try await d.client("alice")
        alice.send(["type": "send", "id": "1", "conversation": g, "text": "hi carol"])
        #expect(try await carol.next("message").messageText == "hi carol")
        let (removed, _) = try await d.request("DELETE", "/api/v1/groups/\(g)/members/carol", token: admin)
        #expect(removed == 200)
        try await Task.sleep(for: .milliseconds(100))
        alice.send(["type": "send", "id": "2", "conversation": g, "text": "carol is gone"])
        try await alice.next("ack")
        #expect(await carol.receives("message", within: 0.5) == false)
        await d.stop()
    }

    @Test("a bot posts into a group, a topic and a user's direct conversation")
    func botEndpoint() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice"])
        let alice = try await d.client("alice")
        alice.send(["type": "subscribe", "conversation": "*"])
        try await alice.next("subscribed")
        let bot = try await d.token("reminders", bot: true)
        let (status, body) = try await d.request("POST", "/api/v1/messages", token: bot, body: ["conversation": g, "text": "Standup in 5 minutes"])
        #expect(status == 201)
        #expect((body["seq"] as? NSNumber)?.intValue == 1)
        let got = try await alice.next("message")
        #expect(got["kind"] as? String == "bot")
        #expect(got.messageText == "Standup in 5 minutes")
        let regions = try await d.group("Regions", kind: "topics", members: ["alice"])
        let (topicStatus, _) = try await d.request("POST", "/api/v1/messages", token: bot,
                                                   body: ["conversation": regions, "topic": "europe", "text": "Berlin office closed today"])
        #expect(topicStatus == 201)
        let inTopic = try await alice.next("message") { $0["conversation"] as? String == regions }
        #expect(inTopic["topic"] as? String == "europe")
        #expect(inTopic["kind"] as? String == "bot")
        #expect(inTopic.messageText == "Berlin office closed today")
        let (noTopic, noTopicBody) = try await d.request("POST", "/api/v1/messages", token: bot, body: ["conversation": regions, "text": "x"])
        #expect(noTopic == 400)
        #expect((noTopicBody["message"] as? String)?.contains("needs a topic") == true)
        let (dm, _) = try await d.request("POST", "/api/v1/messages", token: bot, body: ["user": "alice", "text": "Your ticket was updated"])
        #expect(dm == 201)
        #expect(try await alice.next("message").messageText == "Your ticket was updated")
        let (plain, _) = try await d.request("POST", "/api/v1/messages", token: try await d.token("alice"), body: ["conversation": g, "text": "x"])
        #expect(plain == 403)
        let (missing, err) = try await d.request("POST", "/api/v1/messages", token: bot, body: ["conversation": g])
        #expect(missing == 400)
        #expect((err["message"] as? String)?.contains("text") == true)
        await d.stop()
    }
}

@Suite("Handshake end to end", .timeLimit(.minutes(5)))
struct HandshakeTests {
    @Test("a connection that never says hello is closed with 4001 after the hello timeout")
    func helloTimeout() async throws {
        let d = try await TestDaemon { $0.hub.helloTimeout = 1 }
        let silent = try await TestClient(url: d.url)
        let error = try await silent.next("error", timeout: 10)
        #expect((error["message"] as? String)?.contains("no hello") == true)
        #expect(await silent.closed() == 4001)
        await d.stop()
    }

    @Test("a token in the URL gets a welcome without hello; frames sent at once are kept in order")
    func tokenInURL() async throws {
        let d = try await TestDaemon()
        let g = try await d.group("Ops", members: ["alice"])
        let client = try await TestClient(url: d.url + "?token=" + (try await d.token("alice")))
        client.send(["type": "send", "id": "early", "conversation": g, "text": "sent before welcome"])
        try await client.next("welcome")
        #expect(try await client.next("ack").seq == 1)
        await d.stop()
    }
}
