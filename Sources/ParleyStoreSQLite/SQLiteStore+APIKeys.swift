import Foundation
import GRDB
import ParleyDomain
import ParleyStore

/// API keys (migration v13): each whole as JSON; uses and revocations rewrite it.
extension SQLiteStore: APIKeyStoring {
    public func insertAPIKey(_ key: APIKey) throws {
        let body = try StoredJSON.encode(key)
        try pool.write { db in
            try db.execute(sql: "INSERT INTO api_keys(id, tenant, body) VALUES (?, ?, ?)", arguments: [key.id, key.tenant, body])
        }
    }

    public func apiKey(_ id: String) throws -> APIKey? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT body FROM api_keys WHERE id = ?", arguments: [id]) }.map { try StoredJSON.decode($0, as: APIKey.self) }
    }

    public func apiKeys(tenant: String) throws -> [APIKey] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT body FROM api_keys WHERE tenant = ?", arguments: [tenant]) }
            .map { try StoredJSON.decode($0, as: APIKey.self) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func revokeAPIKey(_ id: String, at: Int64) throws -> Bool {
        try change(id) { key in
            guard key.revokedAt == nil else { return false }
            key.revokedAt = at
            return true
        }
    }

    public func touchAPIKey(_ id: String, at: Int64) throws {
        _ = try change(id) { key in
            key.lastUsedAt = max(at, key.lastUsedAt ?? 0)
            return true
        }
    }

    private func change(_ id: String, _ body: (inout APIKey) -> Bool) throws -> Bool {
        try pool.write { db in
            guard var key = try String.fetchOne(db, sql: "SELECT body FROM api_keys WHERE id = ?", arguments: [id]).map { try StoredJSON.decode($0, as: APIKey.self) },
                  body(&key) else { return false }
            try db.execute(sql: "UPDATE api_keys SET body = ? WHERE id = ?", arguments: [try StoredJSON.encode(key), id])
            return true
        }
    }
}
