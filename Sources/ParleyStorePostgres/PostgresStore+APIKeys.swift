import Foundation
import ParleyDomain
import ParleyStore
import PostgresNIO

/// API keys (migration v13): each whole as JSON; uses and revocations rewrite it under a row lock.
extension PostgresStore: APIKeyStoring {
    public func insertAPIKey(_ key: APIKey) async throws {
        let body = try StoredJSON.encode(key)
        try await pooled { db in try await db.run("INSERT INTO api_keys(id, tenant, body) VALUES (\(key.id), \(key.tenant), \(body))", logger) }
    }

    public func apiKey(_ id: String) async throws -> APIKey? {
        try await pooled { db in try await db.value("SELECT body FROM api_keys WHERE id = \(id)", as: String.self, logger) }.map { try StoredJSON.decode($0, as: APIKey.self) }
    }

    public func apiKeys(tenant: String) async throws -> [APIKey] {
        try await pooled { db in try await db.column("SELECT body FROM api_keys WHERE tenant = \(tenant)", as: String.self, logger) }
            .map { try StoredJSON.decode($0, as: APIKey.self) }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func revokeAPIKey(_ id: String, at: Int64) async throws -> Bool {
        try await change(id) { key in
            guard key.revokedAt == nil else { return false }
            key.revokedAt = at
            return true
        }
    }

    public func touchAPIKey(_ id: String, at: Int64) async throws {
        _ = try await change(id) { key in
            key.lastUsedAt = max(at, key.lastUsedAt ?? 0)
            return true
        }
    }

    private func change(_ id: String, _ body: @Sendable (inout APIKey) -> Bool) async throws -> Bool {
        try await transaction { db in
            guard let text = try await db.value("SELECT body FROM api_keys WHERE id = \(id) FOR UPDATE", as: String.self, logger) else { return false }
            var key = try StoredJSON.decode(text, as: APIKey.self)
            guard body(&key) else { return false }
            try await db.run("UPDATE api_keys SET body = \(try StoredJSON.encode(key)) WHERE id = \(id)", logger)
            return true
        }
    }
}
