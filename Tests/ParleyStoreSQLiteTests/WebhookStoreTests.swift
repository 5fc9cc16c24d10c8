import Foundation
import Logging
import ParleyDomain
import ParleyStore
import ParleyStoreSQLite
import Testing

@Suite("SQLite webhooks", .timeLimit(.minutes(2)))
struct WebhookStoreTests {
    @Test("the outbox keeps an event once per endpoint, leases what it hands out, records outcomes, and survives a reopen")
    func outbox() throws {
        let path = NSTemporaryDirectory() + "parley-wh-\(UUID().uuidString)/db.sqlite"
        var store = try SQLiteStore(SQLiteConfiguration(path: path, durability: .normal), logger: Logger(label: "test"))
        let root = UserRef(id: "root", tenant: "acme")
        try store.insertWebhook(WebhookEndpoint(id: "wh-1", tenant: "acme", url: "https://hooks.example.com/a", events: ["followup.created"],
                                                secrets: ["whsec_AAAA"], createdBy: root, createdAt: 1))
        let deliveries = (0..<3).map {
            WebhookDelivery(id: "dlv-\($0)", endpoint: "wh-1", tenant: "acme", eventID: "evt-\($0)", eventType: "followup.created",
                            body: "{}", createdAt: Int64($0), nextAttemptAt: 10 * Int64($0))
        }
        #expect(try store.enqueueDeliveries(deliveries) == 3)
        #expect(try store.enqueueDeliveries(deliveries) == 0)
        let due = try store.claimDueDeliveries(now: 10, lease: 1_000, limit: 10)
        #expect(due.map(\.id) == ["dlv-0", "dlv-1"], "only those due, oldest first")
        #expect(try store.claimDueDeliveries(now: 20, lease: 1_000, limit: 10).map(\.id) == ["dlv-2"], "the others are held")
        var done = due[0]
        done.status = .delivered
        done.attempts = 1
        done.lastResponse = 204
        try store.recordAttempt(done)
        store.close()
        store = try SQLiteStore(SQLiteConfiguration(path: path, durability: .normal), logger: Logger(label: "test"))
        defer { store.close() }
        #expect(try store.delivery("dlv-0")?.status == .delivered)
        #expect(try store.delivery("dlv-0")?.lastResponse == 204)
        #expect(try store.claimDueDeliveries(now: 1_021, lease: 1_000, limit: 10).map(\.id) == ["dlv-1", "dlv-2"], "a lapsed lease frees them")
        #expect(try store.webhooks(tenant: "acme").first?.url == "https://hooks.example.com/a")
    }
}
