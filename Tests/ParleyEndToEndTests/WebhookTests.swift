import Crypto
import Foundation
import ParleyDomain
import ParleyWebhooks
import Testing

/// Webhooks end to end: a real daemon, a real receiver on loopback (allowed by
/// `webhook_allow_hosts`), time moved by a test clock; delivery passes are run by the test.
@Suite("Webhooks", .serialized, .timeLimit(.minutes(5)))
struct WebhookTests {
    let clock = TestClock()

    func daemon(allow: [String] = ["127.0.0.1"]) async throws -> TestDaemon {
        let clock = clock
        return try await TestDaemon {
            $0.webhooks.allowHosts = allow
            $0.webhooks.retrySchedule = [5, 300]
            $0.webhooks.requestTimeout = 1
            // Passes run when the test says (deliverDue), never on their own after the first.
            $0.webhooks.passInterval = 3_600
            $0.webhooks.now = clock.function
        }
    }

    func register(_ d: TestDaemon, _ url: String, events: [String], tenant: String = "acme") async throws -> (id: String, secret: String) {
        let (status, body) = try await d.request("POST", "/api/v1/webhooks", token: try await d.token("root", tenant: tenant, admin: true),
                                                 body: ["url": url, "events": events])
        guard status == 201, let id = body["id"] as? String, let secret = body["secret"] as? String else {
            throw TestFailure("registration failed: \(status) \(body)")
        }
        return (id, secret)
    }

    /// Checks the Standard Webhooks headers independently of Parley's signer.
    func verify(_ request: WebhookReceiver.Request, secret: String) throws -> [String: Any] {
        let id = try #require(request.headers["webhook-id"])
        let timestamp = try #require(request.headers["webhook-timestamp"])
        let key = try #require(Data(base64Encoded: String(secret.dropFirst("whsec_".count))))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(timestamp).\(request.body)".utf8), using: SymmetricKey(data: key))
        let signatures = try #require(request.headers["webhook-signature"]).split(separator: " ").map(String.init)
        #expect(signatures.contains("v1," + Data(mac).base64EncodedString()), "signed with the endpoint's secret")
        #expect(Int64(timestamp) == clock.now / 1000, "the timestamp is the sender's clock, in seconds")
        return try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
    }

    @Test("a message reaches its tenant's endpoint, signed; another tenant's endpoint never sees it, nor a conversation of another tenant")
    func tenantEventsOnly() async throws {
        let d = try await daemon()
        let acmeHook = try WebhookReceiver(), globexHook = try WebhookReceiver()
        defer { acmeHook.stop(); globexHook.stop(); Task { await d.stop() } }
        let acme = try await register(d, acmeHook.url, events: ["message.created"])
        _ = try await register(d, globexHook.url, events: ["message.created"], tenant: "globex")
        let desk = try #require(d.daemon.feature(WebhookDesk.self))
        // A group of acme shared with globex: acme's event (the conversation is acme's), never globex's.
        let shared = try await d.group("Suppliers", members: ["alice", "pat@globex"], shares: ["globex"])
        let alice = try await d.client("alice")
        alice.send(["type": "send", "id": "m1", "conversation": shared, "text": "drawings attached"])
        _ = try await alice.next("ack")
        let got = try await acmeHook.waitFor(1) { await desk.deliverDue() }
        let event = try verify(got[0], secret: acme.secret)
        #expect(event["type"] as? String == "message.created")
        let data = try #require(event["data"] as? [String: Any])
        #expect(data["text"] as? String == "drawings attached")
        #expect(data["conversation"] as? String == shared)
        #expect(data["sender"] as? String == "alice@acme")
        // globex's own group reaches globex's endpoint only.
        let globexGroup = try await d.group("Globex only", members: ["gus"], tenant: "globex")
        let gus = try await d.client("gus", tenant: "globex")
        gus.send(["type": "send", "id": "g1", "conversation": globexGroup, "text": "internal"])
        _ = try await gus.next("ack")
        let globexGot = try await globexHook.waitFor(1) { await desk.deliverDue() }
        #expect((globexGot[0].body.contains("internal")))
        await desk.deliverDue()
        #expect(acmeHook.requests.count == 1, "acme's endpoint got nothing of globex's group")
        #expect(globexHook.requests.count == 1, "globex's endpoint got nothing of acme's shared group")
    }

    @Test("a 500 and a hang are retried on the schedule with the same webhook-id; the log shows each attempt")
    func retries() async throws {
        let d = try await daemon()
        let hook = try WebhookReceiver { n in
            switch n {
            case 0: .init(status: 500)
            case 1: .init(status: 204, delay: 3)  // longer than the 1 s timeout
            default: .init(status: 204)
            }
        }
        defer { hook.stop(); Task { await d.stop() } }
        let (id, secret) = try await register(d, hook.url, events: ["followup.created"])
        let desk = try #require(d.daemon.feature(WebhookDesk.self))
        let bot = try await d.token("desk", bot: true)
        let (status, _) = try await d.request("POST", "/api/v1/followups", token: bot,
                                              body: ["key": "T-1", "owner": "carol", "text": "Replace the valve", "due": "2030-01-10"])
        #expect(status == 201)
        _ = try await hook.waitFor(1) { await desk.deliverDue() }
        #expect(await desk.deliverDue() == 0, "not due again before 5 s")
        clock.advance(seconds: 6)
        _ = try await hook.waitFor(2) { await desk.deliverDue() }
        clock.advance(seconds: 331)  // 300 s and at most a tenth more of jitter
        let got = try await hook.waitFor(3) { await desk.deliverDue() }
        #expect(Set(got.map { $0.headers["webhook-id"] ?? "" }).count == 1, "one webhook-id for every attempt")
        let event = try verify(got[2], secret: secret)
        #expect(event["type"] as? String == "followup.created")
        let admin = try await d.token("root", admin: true)
        let (_, log) = try await d.request("GET", "/api/v1/webhooks/\(id)/deliveries", token: admin)
        let delivery = try #require((log["deliveries"] as? [[String: Any]])?.first)
        #expect(delivery["status"] as? String == "delivered")
        #expect(delivery["attempts"] as? Int == 3)
        #expect(delivery["response"] as? Int == 204)
    }

    @Test("410 disables the endpoint and tells its admin in chat; out of retries a delivery fails, and redelivery sends it again")
    func goneAndRedelivery() async throws {
        let d = try await daemon()
        let gone = try WebhookReceiver { _ in .init(status: 410) }
        let failing = try WebhookReceiver { n in n < 3 ? .init(status: 500) : .init(status: 200) }
        defer { gone.stop(); failing.stop(); Task { await d.stop() } }
        let root = try await d.client("root")
        root.send(["type": "subscribe", "id": "w", "conversation": "*"])
        try await root.next("subscribed")
        let goneHook = try await register(d, gone.url, events: ["followup.created"])
        let failingHook = try await register(d, failing.url, events: ["followup.created"])
        let desk = try #require(d.daemon.feature(WebhookDesk.self))
        let bot = try await d.token("desk", bot: true)
        _ = try await d.request("POST", "/api/v1/followups", token: bot, body: ["key": "T-2", "owner": "carol", "text": "Call the supplier"])
        _ = try await gone.waitFor(1) { await desk.deliverDue() }
        let admin = try await d.token("root", admin: true)
        let (_, list) = try await d.request("GET", "/api/v1/webhooks", token: admin)
        let goneView = try #require((list["webhooks"] as? [[String: Any]])?.first { $0["id"] as? String == goneHook.id })
        #expect(goneView["enabled"] as? Bool == false)
        #expect((goneView["disabled_reason"] as? String)?.contains("410") == true)
        let notice = try await root.next("message", timeout: 20) { ($0["sender"] as? [String: Any])?["id"] as? String == "parley" }
        #expect(notice.messageText?.contains("410 Gone") == true)
        // The failing one: 500, then after 5 s 500, then after 300 s 500 again: out of attempts.
        _ = try await failing.waitFor(1) { await desk.deliverDue() }
        clock.advance(seconds: 6)
        _ = try await failing.waitFor(2) { await desk.deliverDue() }
        clock.advance(seconds: 331)
        _ = try await failing.waitFor(3) { await desk.deliverDue() }
        let (_, failed) = try await d.request("GET", "/api/v1/webhooks/\(failingHook.id)/deliveries?status=failed", token: admin)
        let delivery = try #require((failed["deliveries"] as? [[String: Any]])?.first)
        #expect(delivery["attempts"] as? Int == 3)
        #expect((delivery["error"] as? String)?.hasPrefix("HTTP 500") == true)
        // Disabled after persistent failure; enabled again, the failed delivery is redelivered and arrives.
        #expect(try await d.request("POST", "/api/v1/webhooks/\(failingHook.id)/enable", token: admin).0 == 200)
        let (status, answer) = try await d.request("POST", "/api/v1/webhooks/\(failingHook.id)/redeliver", token: admin)
        #expect(status == 202)
        #expect(answer["count"] as? Int == 1)
        let got = try await failing.waitFor(4) { await desk.deliverDue() }
        #expect(got[3].headers["webhook-id"] == got[0].headers["webhook-id"])
        let (_, after) = try await d.request("GET", "/api/v1/webhooks/\(failingHook.id)/deliveries", token: admin)
        #expect((after["deliveries"] as? [[String: Any]])?.first?["status"] as? String == "delivered")
        #expect(gone.requests.count == 1, "a disabled endpoint is not called again")
    }

    @Test("bad registrations are refused by name; refused addresses are never called; only the tenant's admins manage webhooks")
    func refusals() async throws {
        let d = try await daemon(allow: [])
        defer { Task { await d.stop() } }
        let admin = try await d.token("root", admin: true)
        func register(_ body: [String: Any], token: String) async throws -> (Int, String) {
            let (status, answer) = try await d.request("POST", "/api/v1/webhooks", token: token, body: body)
            return (status, answer["message"] as? String ?? "")
        }
        var (status, message) = try await register(["url": "ftp://example.com/x", "events": ["message.created"]], token: admin)
        #expect(status == 400 && message.contains("http or https"))
        (status, message) = try await register(["url": "http://127.0.0.1:9/x", "events": ["message.created"]], token: admin)
        #expect(status == 400 && message.contains("loopback"))
        (status, message) = try await register(["url": "http://169.254.169.254/latest", "events": ["message.created"]], token: admin)
        #expect(status == 400 && message.contains("link-local"))
        (status, message) = try await register(["url": "https://hooks.example.com/x", "events": ["message.deleted"]], token: admin)
        #expect(status == 400 && message.contains("message.deleted"))
        (status, _) = try await register(["url": "https://hooks.example.com/x", "events": ["message.created"]], token: try await d.token("bob"))
        #expect(status == 403)
        (status, message) = try await register(["url": "http://localhost:9/x", "events": ["message.created"]], token: admin)
        #expect(status == 400 && message.contains("localhost resolves to") && message.contains("loopback"), "\(message)")
        let (created, hook) = try await d.request("POST", "/api/v1/webhooks", token: admin,
                                                  body: ["url": "https://hooks.example.com/x", "events": ["followup.created"]])
        #expect(created == 201)
        let id = try #require(hook["id"] as? String)
        #expect((hook["secret"] as? String)?.hasPrefix("whsec_") == true)
        // Another tenant's admin cannot see or change it.
        let other = try await d.token("root", tenant: "globex", admin: true)
        #expect(try await d.request("GET", "/api/v1/webhooks/\(id)/deliveries", token: other).0 == 404)
        #expect(try await d.request("DELETE", "/api/v1/webhooks/\(id)", token: other).0 == 404)
        #expect(try await d.request("DELETE", "/api/v1/webhooks/\(id)", token: admin).0 == 200)
    }
}
