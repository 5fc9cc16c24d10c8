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
