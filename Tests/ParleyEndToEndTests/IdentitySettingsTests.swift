import Foundation
import ParleyDaemon
import Testing

/// Identity settings layered as the rest of the configuration: file < environment < flags.
@Suite("identity provider settings")
struct IdentitySettingsTests {
    func file(_ json: String) throws -> String {
        let path = NSTemporaryDirectory() + "parley-identity-\(UUID().uuidString).json"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a file's provider list, one provider from the environment, a flag over both")
    func layering() throws {
        let path = try file("""
            {"public_url": "https://chat.acme.example", "access_token_lifetime": 300,
             "identity_providers": [{"name": "Acme", "issuer": "https://id.acme.example", "client_id": "parley",
                                     "client_secret": "s", "tenant": "acme"}]}
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var settings = DaemonConfiguration()
        try settings.apply(file: path)
        #expect(settings.identity.providers.map(\.name) == ["Acme"])
        #expect(settings.identity.accessTokenLifetime == 300)
        try settings.apply(environment: [
            "PARLEY_OIDC_NAME": "Partner", "PARLEY_OIDC_ISSUER": "https://id.partner.example", "PARLEY_OIDC_CLIENT_ID": "p",
            "PARLEY_OIDC_CLIENT_SECRET": "q", "PARLEY_OIDC_TENANT_CLAIM": "org",
        ])
        #expect(settings.identity.providers.map(\.name) == ["Acme", "Partner"])
        #expect(settings.identity.provider(named: "Partner")?.tenancy == .claim("org"))
        try settings.set("oidc_tenant", "partner", source: "--oidc-tenant")
        #expect(settings.identity.provider(named: "Partner")?.tenancy == .fixed("partner"))
        try settings.set("public_url", "https://chat2.acme.example", source: "--public-url")
        #expect(settings.identity.redirectURI == "https://chat2.acme.example/auth/callback")
        #expect(settings.identity.problems().isEmpty)
    }

    @Test("problems name the field: a missing secret, no public_url, a bad list")
    func problems() throws {
        var settings = DaemonConfiguration()
        try settings.apply(environment: ["PARLEY_OIDC_ISSUER": "https://id.acme.example", "PARLEY_OIDC_CLIENT_ID": "p", "PARLEY_OIDC_TENANT": "acme"])
        let problems = settings.identity.problems()
        #expect(problems.contains { $0.contains("client_secret") })
        #expect(problems.contains { $0.contains("public_url") })
        let bad = try file(#"{"identity_providers": [{"name": "Acme", "issuer": "https://x"}]}"#)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        var other = DaemonConfiguration()
        #expect(throws: ConfigurationError.self) { try other.apply(file: bad) }
        do { try other.apply(file: bad) } catch { #expect(error.description.contains("client_id")) }
    }

    @Test("without providers, development links stay; the identity feature is off")
    func offByDefault() {
        let settings = DaemonConfiguration()
        #expect(!settings.identity.isEnabled)
        #expect(settings.identity.problems().isEmpty)
    }
}
