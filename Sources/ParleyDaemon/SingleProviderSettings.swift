import ParleyIdentity

/// One identity provider given by flags or environment (`oidc_*` keys, `PARLEY_OIDC_*`), for a
/// deployment that needs no configuration file. It is complete when issuer, client id and secret
/// and a tenant (or tenant claim) are given.
public struct SingleProviderSettings: Sendable, Equatable {
    static let keys = [
        "oidc_name", "oidc_issuer", "oidc_client_id", "oidc_client_secret", "oidc_tenant", "oidc_tenant_claim",
        "oidc_user_id_claim", "oidc_admin_claim", "oidc_admin_group",
    ]

    public var name = "SSO"
    public var issuer: String?
    public var clientID: String?
    public var clientSecret: String?
    public var tenant: String?
    public var tenantClaim: String?
    public var claims = IdentityProvider.ClaimNames()

    public init() {}

    mutating func set(_ key: String, _ value: String, source: String) throws(ConfigurationError) {
        switch key {
        case "oidc_name": name = value
        case "oidc_issuer": issuer = value
        case "oidc_client_id": clientID = value
        case "oidc_client_secret": clientSecret = value
        case "oidc_tenant": tenant = value; tenantClaim = nil
        case "oidc_tenant_claim": tenantClaim = value; tenant = nil
        case "oidc_user_id_claim": claims.userID = value
        case "oidc_admin_claim": claims.adminClaim = value
        case "oidc_admin_group": claims.adminGroup = value
        default: throw ConfigurationError("\(source): unknown setting '\(key)'")
        }
    }

    /// The provider, or nil when no `oidc_issuer` is given. Incomplete settings make a provider
    /// whose `problems()` name what is missing.
    public var provider: IdentityProvider? {
        guard let issuer else { return nil }
        let tenancy: IdentityProvider.Tenancy = tenantClaim.map { .claim($0) } ?? .fixed(tenant ?? "")
        return IdentityProvider(name: name, issuer: issuer, clientID: clientID ?? "", clientSecret: clientSecret ?? "",
                                tenancy: tenancy, claims: claims)
    }
}
