import Foundation

/// One OpenID Connect provider parleyd signs people in with (an entry of `identity_providers`).
///
/// The issuer's discovery document (`issuer` + `/.well-known/openid-configuration`) names the
/// authorization, token and key endpoints; nothing else about the provider is configured.
public struct IdentityProvider: Sendable, Equatable, Codable {
    /// Where a person's tenant comes from: one tenant for everyone this provider signs in, or a claim.
    public enum Tenancy: Sendable, Equatable {
        case fixed(String)
        case claim(String)
    }

    /// Which ID-token claims give what Parley records of a person.
    public struct ClaimNames: Sendable, Equatable, Codable {
        public var userID = "sub"
        public var displayName = "name"
        public var locale = "locale"
        public var zoneinfo = "zoneinfo"
        /// A claim holding a group or role name (or a list of them); nil: nobody is an admin by claim.
        public var adminClaim: String? = "groups"
        /// The group or role in `adminClaim` that makes a person an admin of their tenant.
        public var adminGroup: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case userID = "user_id", displayName = "display_name", locale, zoneinfo
            case adminClaim = "admin_claim", adminGroup = "admin_group"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = ClaimNames()
            userID = try c.decodeIfPresent(String.self, forKey: .userID) ?? d.userID
            displayName = try c.decodeIfPresent(String.self, forKey: .displayName) ?? d.displayName
            locale = try c.decodeIfPresent(String.self, forKey: .locale) ?? d.locale
            zoneinfo = try c.decodeIfPresent(String.self, forKey: .zoneinfo) ?? d.zoneinfo
            adminClaim = try c.decodeIfPresent(String.self, forKey: .adminClaim) ?? d.adminClaim
            adminGroup = try c.decodeIfPresent(String.self, forKey: .adminGroup)
        }
    }

    /// The name people see ("Sign in with <name>") and the `provider` of `/auth/login?provider=`.
    public var name: String
    /// The issuer URL, exactly as the provider's ID tokens carry it in `iss`.
    public var issuer: String
    public var clientID: String
    /// Never logged; sent only to the provider's token endpoint.
    public var clientSecret: String
    public var tenancy: Tenancy
    public var claims = ClaimNames()

    public init(name: String, issuer: String, clientID: String, clientSecret: String, tenancy: Tenancy, claims: ClaimNames = ClaimNames()) {
        self.name = name
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tenancy = tenancy
        self.claims = claims
    }

    /// The discovery document's address.
    public var discoveryURL: String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }

    enum CodingKeys: String, CodingKey {
        case name, issuer, clientID = "client_id", clientSecret = "client_secret", tenant, tenantClaim = "tenant_claim", claims
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        issuer = try c.decode(String.self, forKey: .issuer)
        clientID = try c.decode(String.self, forKey: .clientID)
        clientSecret = try c.decode(String.self, forKey: .clientSecret)
        let tenant = try c.decodeIfPresent(String.self, forKey: .tenant)
        let tenantClaim = try c.decodeIfPresent(String.self, forKey: .tenantClaim)
        switch (tenant, tenantClaim) {
        case (let t?, nil): tenancy = .fixed(t)
        case (nil, let claim?): tenancy = .claim(claim)
        default:
            throw DecodingError.dataCorruptedError(forKey: .tenant, in: c,
                debugDescription: "provider '\(name)' needs exactly one of 'tenant' (fixed) or 'tenant_claim'")
        }
        claims = try c.decodeIfPresent(ClaimNames.self, forKey: .claims) ?? ClaimNames()
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(issuer, forKey: .issuer)
        try c.encode(clientID, forKey: .clientID)
        try c.encode("<redacted>", forKey: .clientSecret)
        switch tenancy {
        case .fixed(let t): try c.encode(t, forKey: .tenant)
        case .claim(let claim): try c.encode(claim, forKey: .tenantClaim)
        }
        try c.encode(claims, forKey: .claims)
    }

    /// Problems a person must fix before parleyd starts, each naming the provider and field.
    public func problems() -> [String] {
        var out: [String] = []
        if name.isEmpty { out.append("an identity provider has an empty 'name'") }
        if URL(string: issuer)?.scheme.map({ $0 == "https" || $0 == "http" }) != true {
            out.append("provider '\(name)': 'issuer' must be an http(s) URL, not '\(issuer.prefix(60))'")
        }
        if clientID.isEmpty { out.append("provider '\(name)': 'client_id' is empty") }
        if clientSecret.isEmpty { out.append("provider '\(name)': 'client_secret' is empty") }
        if case .fixed(let t) = tenancy, !IdentifierRules.isAcceptable(t) {
            out.append("provider '\(name)': 'tenant' must be 1-128 bytes without '@' or control characters")
        }
        return out
    }
}
