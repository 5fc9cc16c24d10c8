import Foundation
import ParleyDomain

/// Where API keys are kept: the API keys feature's own slice of the store, on both drivers.
public protocol APIKeyStoring: Sendable {
    func insertAPIKey(_ key: APIKey) async throws
    func apiKey(_ id: String) async throws -> APIKey?
    /// A tenant's keys, oldest first (revoked ones too, for the record).
    func apiKeys(tenant: String) async throws -> [APIKey]
    /// Marks the key revoked at `at`; false when there is no such key or it was revoked already.
    func revokeAPIKey(_ id: String, at: Int64) async throws -> Bool
    /// Records a use (the desk calls it at most once a minute per key).
    func touchAPIKey(_ id: String, at: Int64) async throws
}

/// How both drivers keep an API key: whole, as JSON, beside the columns it is found by.
public enum APIKeyJSON {
    public static func encode(_ key: APIKey) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(key), as: UTF8.self)
    }

    public static func decode(_ body: String) throws -> APIKey {
        try JSONDecoder().decode(APIKey.self, from: Data(body.utf8))
    }
}
