import Foundation
import ParleyDomain
import ParleyStore
import PostgresNIO

/// Webhook endpoints and their outbox (migration v10). Several nodes claim due deliveries with
/// `FOR UPDATE SKIP LOCKED` and a lease, so each attempt is made by one node.
extension PostgresStore: WebhookStoring {
    public func insertWebhook(_ endpoint: WebhookEndpoint) async throws {
        let body = try StoredJSON.encode(endpoint)
        try await pooled { db in
            try await db.run("INSERT INTO webhooks(id, tenant, enabled, body) VALUES (\(endpoint.id), \(endpoint.tenant), \(endpoint.enabled), \(body))", logger)
        }
    }

    public func webhook(_ id: String) async throws -> WebhookEndpoint? {
        try await pooled { db in try await db.value("SELECT body FROM webhooks WHERE id = \(id)", as: String.self, logger) }
            .map { try StoredJSON.decode($0, as: WebhookEndpoint.self) }
    }

    public func webhooks(tenant: String) async throws -> [WebhookEndpoint] {
        try await pooled { db in try await db.column("SELECT body FROM webhooks WHERE tenant = \(tenant)", as: String.self, logger) }
            .map { try StoredJSON.decode($0, as: WebhookEndpoint.self) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func enabledWebhooks() async throws -> [WebhookEndpoint] {
        try await pooled { db in try await db.column("SELECT body FROM webhooks WHERE enabled", as: String.self, logger) }
            .map { try StoredJSON.decode($0, as: WebhookEndpoint.self) }
    }

    public func replaceWebhook(_ endpoint: WebhookEndpoint) async throws {
        let body = try StoredJSON.encode(endpoint)
        try await pooled { db in
            try await db.run("UPDATE webhooks SET enabled = \(endpoint.enabled), body = \(body) WHERE id = \(endpoint.id)", logger)
        }
    }

    public func deleteWebhook(_ id: String) async throws {
        try await transaction { db in
            try await db.run("DELETE FROM webhook_deliveries WHERE endpoint = \(id)", logger)
            try await db.run("DELETE FROM webhooks WHERE id = \(id)", logger)
        }
    }

    public func enqueueDeliveries(_ deliveries: [WebhookDelivery]) async throws -> Int {
        guard !deliveries.isEmpty else { return 0 }
        return try await transaction { db in
            var added = 0
            for d in deliveries {
                let id = try await db.value("""
                    INSERT INTO webhook_deliveries(id, endpoint, tenant, event_id, event_type, body, created_at, status, attempts, next_attempt_at)
                    VALUES (\(d.id), \(d.endpoint), \(d.tenant), \(d.eventID), \(d.eventType), \(d.body), \(d.createdAt), \(d.status.rawValue),
                            \(Int64(d.attempts)), \(d.nextAttemptAt))
                    ON CONFLICT (endpoint, event_id) DO NOTHING RETURNING id
                    """, as: String.self, logger)
                if id != nil { added += 1 }
            }
            return added
        }
    }

    public func claimDueDeliveries(now: Int64, lease: Int64, limit: Int) async throws -> [WebhookDelivery] {
        let rows = try await pooled { db in
            try await db.all("""
                UPDATE webhook_deliveries SET lease_until = \(now + lease)
                WHERE id IN (SELECT id FROM webhook_deliveries
                             WHERE status = 'pending' AND next_attempt_at <= \(now) AND lease_until <= \(now)
                             ORDER BY next_attempt_at LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: Self.deliveryColumns)
                """, as: DeliveryRow.self, logger)
        }
        return rows.map(Self.delivery).sorted { $0.nextAttemptAt < $1.nextAttemptAt }
    }

    public func recordAttempt(_ d: WebhookDelivery) async throws {
        try await pooled { db in
            try await db.run("""
                UPDATE webhook_deliveries SET status = \(d.status.rawValue), attempts = \(Int64(d.attempts)), next_attempt_at = \(d.nextAttemptAt),
                    lease_until = 0, last_response = \(d.lastResponse.map(Int64.init)), last_error = \(d.lastError),
                    last_attempt_at = \(d.lastAttemptAt) WHERE id = \(d.id)
                """, logger)
        }
    }

    public func deliveries(endpoint: String, status: WebhookDelivery.Status?, limit: Int) async throws -> [WebhookDelivery] {
        let rows = try await pooled { db in
            if let status {
                try await db.all("""
                    SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries WHERE endpoint = \(endpoint) AND status = \(status.rawValue)
                    ORDER BY created_at DESC, id DESC LIMIT \(Int64(limit))
                    """, as: DeliveryRow.self, logger)
            } else {
                try await db.all("""
                    SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries WHERE endpoint = \(endpoint)
                    ORDER BY created_at DESC, id DESC LIMIT \(Int64(limit))
                    """, as: DeliveryRow.self, logger)
            }
        }
        return rows.map(Self.delivery)
    }

    public func delivery(_ id: String) async throws -> WebhookDelivery? {
        try await pooled { db in
            try await db.first("SELECT \(unescaped: Self.deliveryColumns) FROM webhook_deliveries WHERE id = \(id)", as: DeliveryRow.self, logger)
        }.map(Self.delivery)
    }

    public func redeliver(endpoint: String, delivery: String?, now: Int64) async throws -> Int {
        try await pooled { db in
            if let delivery {
                try await db.column("""
                    UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = \(now), lease_until = 0
                    WHERE endpoint = \(endpoint) AND status = 'failed' AND id = \(delivery) RETURNING id
                    """, as: String.self, logger).count
            } else {
                try await db.column("""
                    UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = \(now), lease_until = 0
                    WHERE endpoint = \(endpoint) AND status = 'failed' RETURNING id
                    """, as: String.self, logger).count
            }
        }
    }

    public func failPending(endpoint: String, reason: String, now: Int64) async throws {
        try await pooled { db in
            try await db.run("""
                UPDATE webhook_deliveries SET status = 'failed', lease_until = 0, last_error = \(reason),
                    last_attempt_at = COALESCE(last_attempt_at, \(now))
                WHERE endpoint = \(endpoint) AND status = 'pending'
                """, logger)
        }
    }

    private typealias DeliveryRow = (String, String, String, String, String, String, Int64, String, Int64, Int64, Int64?, String?, Int64?)

    private static let deliveryColumns = """
        id, endpoint, tenant, event_id, event_type, body, created_at, status, attempts::bigint, next_attempt_at, \
        last_response::bigint, last_error, last_attempt_at
        """

    private static func delivery(_ r: DeliveryRow) -> WebhookDelivery {
        WebhookDelivery(id: r.0, endpoint: r.1, tenant: r.2, eventID: r.3, eventType: r.4, body: r.5, createdAt: r.6,
                        status: WebhookDelivery.Status(rawValue: r.7) ?? .failed, attempts: Int(r.8), nextAttemptAt: r.9,
                        lastResponse: r.10.map(Int.init), lastError: r.11, lastAttemptAt: r.12)
    }
}
