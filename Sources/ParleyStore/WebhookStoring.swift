import ParleyDomain

/// Where webhook endpoints and their outbox live: the webhooks feature's own slice of the store,
/// implemented by both drivers. The outbox is a table, so a dead receiver costs rows, never memory,
/// and a delivery survives a restart.
public protocol WebhookStoring: Sendable {
    func insertWebhook(_ endpoint: WebhookEndpoint) async throws
    func webhook(_ id: String) async throws -> WebhookEndpoint?
    /// A tenant's endpoints, oldest first.
    func webhooks(tenant: String) async throws -> [WebhookEndpoint]
    /// Every enabled endpoint of every tenant (the desk keeps them in memory to route events).
    func enabledWebhooks() async throws -> [WebhookEndpoint]
    func replaceWebhook(_ endpoint: WebhookEndpoint) async throws
    /// Removes the endpoint and its deliveries.
    func deleteWebhook(_ id: String) async throws

    /// Stores deliveries whose (endpoint, event id) is new; returns how many were new. An event
    /// offered twice (two nodes, a retried pass) is delivered once.
    @discardableResult
    func enqueueDeliveries(_ deliveries: [WebhookDelivery]) async throws -> Int
    /// Pending deliveries due at `now` that no one holds, at most `limit`, each now held until
    /// `now + lease` (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so each is claimed by one node).
    func claimDueDeliveries(now: Int64, lease: Int64, limit: Int) async throws -> [WebhookDelivery]
    /// Records an attempt's outcome (status, attempts, next attempt, last answer) and releases the claim.
    func recordAttempt(_ delivery: WebhookDelivery) async throws
    /// An endpoint's deliveries, newest first, optionally only those with `status`.
    func deliveries(endpoint: String, status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery]
    func delivery(_ id: String) async throws -> WebhookDelivery?
    /// Makes failed deliveries of `endpoint` (only `delivery`, when given) pending again, due at
    /// `now`, with their attempts counted from zero. Returns how many.
    func redeliver(endpoint: String, delivery: String?, now: Int64) async throws -> Int
    /// Marks every pending delivery of `endpoint` failed with `reason` (the endpoint was disabled).
    func failPending(endpoint: String, reason: String, now: Int64) async throws
}
