import Foundation
import GRDB
import ParleyDomain
import ParleyStore

/// Webhook endpoints and their outbox (migration v10).
extension SQLiteStore: WebhookStoring {
    public func insertWebhook(_ endpoint: WebhookEndpoint) throws {
        let body = try StoredJSON.encode(endpoint)
        try pool.write { db in
            try db.execute(sql: "INSERT INTO webhooks(id, tenant, enabled, body) VALUES (?, ?, ?, ?)",
                           arguments: [endpoint.id, endpoint.tenant, endpoint.enabled, body])
        }
    }

    public func webhook(_ id: String) throws -> WebhookEndpoint? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT body FROM webhooks WHERE id = ?", arguments: [id]) }
            .map { try StoredJSON.decode($0, as: WebhookEndpoint.self) }
    }

    public func webhooks(tenant: String) throws -> [WebhookEndpoint] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT body FROM webhooks WHERE tenant = ?", arguments: [tenant]) }
            .map { try StoredJSON.decode($0, as: WebhookEndpoint.self) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func enabledWebhooks() throws -> [WebhookEndpoint] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT body FROM webhooks WHERE enabled") }.map { try StoredJSON.decode($0, as: WebhookEndpoint.self) }
    }

    public func replaceWebhook(_ endpoint: WebhookEndpoint) throws {
        let body = try StoredJSON.encode(endpoint)
        try pool.write { db in
            try db.execute(sql: "UPDATE webhooks SET enabled = ?, body = ? WHERE id = ?", arguments: [endpoint.enabled, body, endpoint.id])
        }
    }

    public func deleteWebhook(_ id: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE endpoint = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
        }
    }

    public func enqueueDeliveries(_ deliveries: [WebhookDelivery]) throws -> Int {
        guard !deliveries.isEmpty else { return 0 }
        return try pool.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO webhook_deliveries(id, endpoint, tenant, event_id, event_type, body, created_at, status, attempts, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var added = 0
            for d in deliveries {
                try insert.execute(arguments: [d.id, d.endpoint, d.tenant, d.eventID, d.eventType, d.body, d.createdAt, d.status.rawValue,
                                               d.attempts, d.nextAttemptAt])
                added += db.changesCount
            }
            return added
        }
    }

    public func claimDueDeliveries(now: Int64, lease: Int64, limit: Int) throws -> [WebhookDelivery] {
        try pool.write { db in
            let due = try Row.fetchAll(db, sql: """
                SELECT \(Self.deliveryColumns) FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ? ORDER BY next_attempt_at LIMIT ?
                """, arguments: [now, now, limit]).map(Self.delivery)
            let hold = try db.makeStatement(sql: "UPDATE webhook_deliveries SET lease_until = ? WHERE id = ?")
            for d in due { try hold.execute(arguments: [now + lease, d.id]) }
            return due
        }
    }

    public func recordAttempt(_ d: WebhookDelivery) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, lease_until = 0,
                    last_response = ?, last_error = ?, last_attempt_at = ? WHERE id = ?
                """, arguments: [d.status.rawValue, d.attempts, d.nextAttemptAt, d.lastResponse, d.lastError, d.lastAttemptAt, d.id])
        }
    }

    public func deliveries(endpoint: String, status: WebhookDelivery.Status?, limit: Int) throws -> [WebhookDelivery] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE endpoint = ? AND (? IS NULL OR status = ?)
                ORDER BY created_at DESC, id DESC LIMIT ?
                """, arguments: [endpoint, status?.rawValue, status?.rawValue, limit]).map(Self.delivery)
        }
    }

    public func delivery(_ id: String) throws -> WebhookDelivery? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.deliveryColumns) FROM webhook_deliveries WHERE id = ?", arguments: [id]).map(Self.delivery)
        }
    }

    public func redeliver(endpoint: String, delivery: String?, now: Int64) throws -> Int {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = 0
                WHERE endpoint = ? AND status = 'failed' AND (? IS NULL OR id = ?)
                """, arguments: [now, endpoint, delivery, delivery])
            return db.changesCount
        }
    }

    public func failPending(endpoint: String, reason: String, now: Int64) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE webhook_deliveries SET status = 'failed', lease_until = 0, last_error = ?, last_attempt_at = COALESCE(last_attempt_at, ?)
                WHERE endpoint = ? AND status = 'pending'
                """, arguments: [reason, now, endpoint])
        }
    }

    private static let deliveryColumns = """
        id, endpoint, tenant, event_id, event_type, body, created_at, status, attempts, next_attempt_at, last_response, last_error, last_attempt_at
        """

    private static func delivery(_ row: Row) -> WebhookDelivery {
        WebhookDelivery(id: row[0], endpoint: row[1], tenant: row[2], eventID: row[3], eventType: row[4], body: row[5], createdAt: row[6],
                        status: WebhookDelivery.Status(rawValue: row[7]) ?? .failed, attempts: row[8], nextAttemptAt: row[9],
                        lastResponse: row[10], lastError: row[11], lastAttemptAt: row[12])
    }
}
