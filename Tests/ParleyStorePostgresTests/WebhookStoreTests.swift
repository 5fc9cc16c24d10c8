import Foundation
import ParleyDomain
import ParleyStore
import Testing

@Suite("PostgreSQL webhooks", .timeLimit(.minutes(2)))
struct WebhookStoreTests {
    static func endpoint(_ id: String) -> WebhookEndpoint {
        WebhookEndpoint(id: id, tenant: "acme", url: "https://hooks.example.com/\(id)", events: ["message.created"], secrets: ["whsec_AAAA"],
                        createdBy: UserRef(id: "root", tenant: "acme"), createdAt: 1)
    }

    static func delivery(_ n: Int, endpoint: String = "wh-1") -> WebhookDelivery {
        WebhookDelivery(id: "dlv-\(endpoint)-\(n)", endpoint: endpoint, tenant: "acme", eventID: "evt-\(n)", eventType: "message.created",
                        body: #"{"n":\#(n)}"#, createdAt: Int64(n), nextAttemptAt: 100)
    }

    @Test("an event is queued once per endpoint; two nodes claiming at once each get different deliveries, none twice")
    func claimsAreExclusive() async throws {
        let url = try await TestDatabase.make()
        let (a, b) = (try await TestDatabase.open(url), try await TestDatabase.open(url))
        try await a.insertWebhook(Self.endpoint("wh-1"))
        let deliveries = (0..<40).map { Self.delivery($0) }
        #expect(try await a.enqueueDeliveries(deliveries) == 40)
        #expect(try await b.enqueueDeliveries(deliveries) == 0, "offered again by another node: stored once")
        async let first = a.claimDueDeliveries(now: 100, lease: 60_000, limit: 25)
        async let second = b.claimDueDeliveries(now: 100, lease: 60_000, limit: 25)
        let (x, y) = try await (first, second)
        #expect(Set(x.map(\.id)).isDisjoint(with: y.map(\.id)))
        #expect(x.count + y.count == 40)
        #expect(try await a.claimDueDeliveries(now: 200, lease: 60_000, limit: 50).isEmpty, "held by their leases")
        await a.close()
        await b.close()
    }

    @Test("an attempt's outcome is recorded; failed ones are redelivered; a deleted endpoint takes its deliveries with it")
    func lifecycle() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        try await store.insertWebhook(Self.endpoint("wh-1"))
        #expect(try await store.webhooks(tenant: "acme").map(\.id) == ["wh-1"])
        #expect(try await store.webhooks(tenant: "globex").isEmpty)
        try await store.enqueueDeliveries([Self.delivery(1), Self.delivery(2)])
        var claimed = try await store.claimDueDeliveries(now: 100, lease: 1_000, limit: 10)
        #expect(claimed.count == 2)
        claimed[0].status = .failed
        claimed[0].attempts = 3
        claimed[0].lastResponse = 500
        claimed[0].lastError = "HTTP 500"
        try await store.recordAttempt(claimed[0])
        let failed = try await store.deliveries(endpoint: "wh-1", status: .failed, limit: 10)
        #expect(failed.map(\.id) == [claimed[0].id])
        #expect(failed.first?.lastResponse == 500)
        #expect(try await store.redeliver(endpoint: "wh-1", delivery: nil, now: 5_000) == 1)
        #expect(try await store.delivery(claimed[0].id)?.status == .pending)
        #expect(try await store.delivery(claimed[0].id)?.attempts == 0)
        var disabled = Self.endpoint("wh-1")
        disabled.enabled = false
        try await store.replaceWebhook(disabled)
        #expect(try await store.enabledWebhooks().isEmpty)
        try await store.failPending(endpoint: "wh-1", reason: "disabled", now: 6_000)
        #expect(try await store.deliveries(endpoint: "wh-1", status: .pending, limit: 10).isEmpty)
        try await store.deleteWebhook("wh-1")
        #expect(try await store.deliveries(endpoint: "wh-1", status: nil, limit: 10).isEmpty)
        #expect(try await store.webhook("wh-1") == nil)
        await store.close()
    }
}
