/// An API key a tenant admin made for a machine (a bot, another system): it acts as `user` of
/// `tenant`, named `name`, until revoked. Only the SHA-256 digest of its secret is kept.
public struct APIKey: Sendable, Hashable, Codable {
    public var id: String
    public var tenant: String
    public var name: String
    /// The user id the key speaks as (a bot of the tenant).
    public var user: String
    public var admin: Bool
    /// Hex SHA-256 of the secret part.
    public var digest: String
    public var createdBy: UserRef
    public var createdAt: Int64
    public var lastUsedAt: Int64?
    public var revokedAt: Int64?

    public init(id: String, tenant: String, name: String, user: String, admin: Bool, digest: String, createdBy: UserRef, createdAt: Int64,
                lastUsedAt: Int64? = nil, revokedAt: Int64? = nil) {
        self.id = id
        self.tenant = tenant
        self.name = name
        self.user = user
        self.admin = admin
        self.digest = digest
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
