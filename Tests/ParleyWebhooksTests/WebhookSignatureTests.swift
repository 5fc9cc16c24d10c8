import Foundation
import Testing
@testable import ParleyWebhooks

@Suite("Standard Webhooks signatures")
struct WebhookSignatureTests {
    // Made by PyPI's standardwebhooks 1.x: Webhook(secret).sign("evt_1", 1700000000, body).
    static let secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    static let body = #"{"type":"message.created"}"#

    @Test("the signature is the reference library's for the same id, timestamp, body and secret")
    func matchesReference() {
        let header = WebhookSignature.header(id: "evt_1", timestamp: 1_700_000_000, body: Self.body, secrets: [Self.secret])
        #expect(header == "v1,Cl/NlWmdMH75AAicil3qtulZvPf/aZIBhMrdaPG84oE=")
    }

    @Test("during a rotation every secret signs, space-separated, the new one first")
    func rotation() {
        let other = WebhookSignature.newSecret()
        let header = WebhookSignature.header(id: "evt_1", timestamp: 1_700_000_000, body: Self.body, secrets: [other, Self.secret])
        let parts = header.split(separator: " ")
        #expect(parts.count == 2)
        #expect(parts[1] == "v1,Cl/NlWmdMH75AAicil3qtulZvPf/aZIBhMrdaPG84oE=")
        #expect(parts[0] != parts[1])
    }

    @Test("a new secret is whsec_ and base64 of 32 random bytes, never the same twice")
    func newSecret() throws {
        let a = WebhookSignature.newSecret(), b = WebhookSignature.newSecret()
        #expect(a.hasPrefix("whsec_"))
        #expect(try #require(Data(base64Encoded: String(a.dropFirst(6)))).count == 32)
        #expect(a != b)
    }
}

@Suite("Retry schedule")
struct RetryScheduleTests {
    let schedule = RetrySchedule(delays: [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400])

    @Test("2xx delivers; 410 is gone; 3xx and 500 retry on the schedule; after the last delay the delivery fails")
    func verdicts() {
        #expect(schedule.verdict(attempt: 1, status: 204, retryAfter: nil, now: 0, jitter: 0) == .delivered)
        #expect(schedule.verdict(attempt: 3, status: 410, retryAfter: nil, now: 0, jitter: 0) == .gone)
        #expect(schedule.verdict(attempt: 1, status: 302, retryAfter: nil, now: 1_000, jitter: 0) == .retry(at: 6_000))
        #expect(schedule.verdict(attempt: 2, status: 500, retryAfter: nil, now: 0, jitter: 0) == .retry(at: 300_000))
        #expect(schedule.verdict(attempt: 1, status: nil, retryAfter: nil, now: 0, jitter: 0) == .retry(at: 5_000), "no answer (timeout)")
        #expect(schedule.verdict(attempt: 9, status: 500, retryAfter: nil, now: 0, jitter: 0) == .retry(at: 86_400_000))
        #expect(schedule.verdict(attempt: 10, status: 500, retryAfter: nil, now: 0, jitter: 0) == .failed)
    }

    @Test("the schedule spans more than three days")
    func span() { #expect(schedule.delays.reduce(0, +) > 3 * 86_400) }

    @Test("Retry-After is honoured on 429, 502 and 504 only, up to a day")
    func retryAfter() {
        #expect(schedule.verdict(attempt: 1, status: 429, retryAfter: 120, now: 0, jitter: 0) == .retry(at: 120_000))
        #expect(schedule.verdict(attempt: 1, status: 504, retryAfter: 1e9, now: 0, jitter: 0) == .retry(at: 86_400_000))
        #expect(schedule.verdict(attempt: 1, status: 500, retryAfter: 120, now: 0, jitter: 0) == .retry(at: 5_000))
    }

    @Test("jitter moves a retry by at most a tenth of its delay")
    func jitter() {
        #expect(schedule.verdict(attempt: 2, status: 500, retryAfter: nil, now: 0, jitter: 1) == .retry(at: 330_000))
        #expect(schedule.verdict(attempt: 2, status: 500, retryAfter: nil, now: 0, jitter: -1) == .retry(at: 270_000))
    }
}

@Suite("Address policy")
struct AddressPolicyTests {
    @Test("loopback, private, link-local (the metadata address), CGNAT, multicast and IPv4-mapped ones are refused; public ones pass")
    func refused() throws {
        let policy = try AddressPolicy(allowing: [])
        for address in ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
                        "::1", "fe80::1", "fd12::1", "::ffff:127.0.0.1", "::"] {
            #expect(policy.refusal(of: address) != nil, "\(address)")
        }
        for address in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1"] {
            #expect(policy.refusal(of: address) == nil, "\(address)")
        }
        #expect(policy.refusal(of: "127.0.0.1")?.contains("loopback") == true)
        #expect(policy.refusal(of: "not-an-ip")?.contains("not an IP address") == true)
    }

    @Test("webhook_allow_hosts lets single addresses and CIDR ranges through, nothing more")
    func allowed() throws {
        let policy = try AddressPolicy(allowing: ["127.0.0.1", "10.0.0.0/8", "fd00::/8"])
        #expect(policy.refusal(of: "127.0.0.1") == nil)
        #expect(policy.refusal(of: "::ffff:127.0.0.1") == nil)
        #expect(policy.refusal(of: "127.0.0.2") != nil)
        #expect(policy.refusal(of: "10.200.3.4") == nil)
        #expect(policy.refusal(of: "fd12::1") == nil)
        #expect(policy.refusal(of: "192.168.0.1") != nil)
    }

    @Test("a setting that is not an address or range is refused by name")
    func badSetting() {
        #expect(throws: WebhookError.badSetting("webhook_allow_hosts: 'intranet' is not an IP address or CIDR range")) {
            try AddressPolicy(allowing: ["127.0.0.1", "intranet"])
        }
        #expect(throws: WebhookError.self) { try AddressPolicy(allowing: ["10.0.0.0/33"]) }
    }
}

@Suite("Sending")
struct WebhookSenderTests {
    @Test("every attempt resolves the host and refuses a loopback answer before connecting")
    func refusesResolvedLoopback() async throws {
        let sender = WebhookSender(policy: try AddressPolicy(allowing: []), timeout: 2)
        let answer = await sender.post("http://localhost:9/x", id: "evt_1", timestamp: 1, signature: "v1,x", body: "{}")
        await sender.shutdown()
        #expect(answer.status == nil)
        #expect(answer.error?.contains("refused") == true && answer.error?.contains("loopback") == true, "\(answer.error ?? "")")
    }

    @Test("a name that does not resolve is a failed attempt that names it")
    func unresolvable() async throws {
        let sender = WebhookSender(policy: try AddressPolicy(allowing: []), timeout: 2)
        let answer = await sender.post("http://no-such-host.invalid/x", id: "evt_1", timestamp: 1, signature: "v1,x", body: "{}")
        await sender.shutdown()
        #expect(answer.error?.contains("no-such-host.invalid") == true, "\(answer.error ?? "")")
    }
}
