import Foundation
import ParleyDomain
import ParleyIdentity
import Testing

@Suite struct ClaimMappingTests {
    var acme: IdentityProvider {
        var claims = IdentityProvider.ClaimNames()
        claims.adminGroup = "parley-admins"
        return IdentityProvider(name: "Acme", issuer: "https://id.acme.example", clientID: "parley", clientSecret: "s",
                                tenancy: .fixed("acme"), claims: claims)
    }

    @Test func mapsTheConfiguredClaims() throws {
        let person = try ClaimMapping.person(from: [
            "sub": .string("alice"), "name": .string("Alice  Liddell\n"), "locale": .string("de-CH"),
            "zoneinfo": .string("Europe/Zurich"), "groups": .array([.string("staff"), .string("parley-admins")]),
        ], provider: acme).get()
        #expect(person.user == UserRef(id: "alice", tenant: "acme"))
        #expect(person.displayName == "Alice Liddell")
        #expect(person.language == Language("de"))
        #expect(person.locale == "de-CH")
        #expect(person.timeZone == "Europe/Zurich")
        #expect(person.isAdmin)
        #expect(person.provider == "Acme")
    }

    @Test func defaultsWhenOptionalClaimsAreMissingOrBad() throws {
        let person = try ClaimMapping.person(from: [
            "sub": .string("bob"), "zoneinfo": .string("Mars/Olympus"), "locale": .string("<script>"), "groups": .string("staff"),
        ], provider: acme).get()
        #expect(person.displayName == "bob")
        #expect(person.language == .english)
        #expect(person.locale == nil)
        #expect(person.timeZone == nil)
        #expect(!person.isAdmin)
    }

    @Test func tenantFromAClaim() throws {
        var p = acme
        p.tenancy = .claim("org")
        #expect(try ClaimMapping.person(from: ["sub": .string("carol"), "org": .string("partner")], provider: p).get().user.tenant == "partner")
        #expect(throws: IdentityError.self) { try ClaimMapping.person(from: ["sub": .string("carol")], provider: p).get() }
        #expect(throws: IdentityError.self) { try ClaimMapping.person(from: ["sub": .string("carol"), "org": .string("a@b")], provider: p).get() }
    }

    @Test(arguments: ["alice@acme", "al\u{0}ice", "al\nice", "al\u{202E}ice", String(repeating: "a", count: 129), "", "a b"])
    func refusesIdsParleyCannotHold(_ id: String) {
        let result = ClaimMapping.person(from: ["sub": .string(id)], provider: acme)
        guard case .failure(let e) = result else {
            Issue.record("accepted \(id.debugDescription)")
            return
        }
        #expect(e.reason == .badClaim)
    }

    @Test func acceptsAnIdOfExactly128Bytes() {
        #expect((try? ClaimMapping.person(from: ["sub": .string(String(repeating: "a", count: 128))], provider: acme).get()) != nil)
    }

    @Test func aDifferentUserIdClaim() throws {
        var p = acme
        p.claims.userID = "preferred_username"
        #expect(try ClaimMapping.person(from: ["sub": .string("8f3a"), "preferred_username": .string("dave")], provider: p).get().user.id == "dave")
    }

    @Test func providerConfigurationDecodesAndNamesProblems() throws {
        let json = """
            [{"name": "Acme", "issuer": "https://id.acme.example", "client_id": "parley", "client_secret": "s3cret",
              "tenant": "acme", "claims": {"user_id": "preferred_username", "admin_group": "admins"}},
             {"name": "Partner", "issuer": "https://id.partner.example", "client_id": "p", "client_secret": "q", "tenant_claim": "org"}]
            """
        let providers = try JSONDecoder().decode([IdentityProvider].self, from: Data(json.utf8))
        #expect(providers[0].claims.userID == "preferred_username")
        #expect(providers[0].claims.displayName == "name")
        #expect(providers[0].claims.adminGroup == "admins")
        #expect(providers[1].tenancy == .claim("org"))
        var config = IdentityConfiguration()
        config.providers = providers
        #expect(config.problems().contains { $0.contains("public_url") })
        config.publicURL = "https://chat.acme.example/"
        #expect(config.problems().isEmpty)
        #expect(config.redirectURI == "https://chat.acme.example/auth/callback")
        #expect(config.origin == "https://chat.acme.example")
        // The secret never comes back out of an encoded configuration.
        let encoded = String(decoding: try JSONEncoder().encode(providers[0]), as: UTF8.self)
        #expect(!encoded.contains("s3cret"))
        let both = #"[{"name": "X", "issuer": "https://x", "client_id": "a", "client_secret": "b", "tenant": "t", "tenant_claim": "c"}]"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([IdentityProvider].self, from: Data(both.utf8)) }
    }
}
