import Foundation
import JWTKit
import Logging
import ParleyDomain
import ParleyIdentity
import ParleyStoreSQLite
import Testing

/// Machines' tokens from the company's provider: verified through its key set and claims, no nonce,
/// spoken as a bot of the provider's tenant; other tokens are left to the daemon's own check.
@Suite struct MachineTokenTests {
    let provider = IdentityProvider(name: "Acme", issuer: StubProvider.issuer, clientID: "parley", clientSecret: "s", tenancy: .fixed("acme"))

    func desk(_ stub: StubProvider) throws -> IdentityDesk {
        var configuration = IdentityConfiguration()
        configuration.providers = [provider]
        configuration.publicURL = "https://chat.test"
        let store = try SQLiteStore(SQLiteConfiguration(path: NSTemporaryDirectory() + "parley-mt-\(UUID().uuidString)/db.sqlite", durability: .normal),
                                    logger: Logger(label: "test"))
        return IdentityDesk(configuration: configuration, store: store, transport: stub, mint: { _, _ in "" }, disconnect: { _, _ in },
                            logger: Logger(label: "test"))
    }

    func claims(aud: String = "parley", issuedAgo: Double = 3_600, lifetime: Double = 7_200) -> ClaimSet {
        let now = Date().timeIntervalSince1970
        return ["iss": .string(StubProvider.issuer), "aud": .string(aud), "sub": .string("ticket-bridge"),
                "iat": .number(now - issuedAgo), "exp": .number(now - issuedAgo + lifetime)]
    }

    @Test("a provider's access token for this client speaks as a bot of its tenant, without a nonce, an hour after it was issued")
    func accepted() async throws {
        let stub = StubProvider()
        let key = ES256PrivateKey()
        stub.publish([("k1", key)])
        let answer = try #require(await desk(stub).verify(credential: try await sign(claims(), with: key, kid: "k1")))
        let identity = try answer.get()
        #expect(identity.user == UserRef(id: "ticket-bridge", tenant: "acme"))
        #expect(identity.isBot)
        #expect(!identity.isAdmin)
    }

    @Test("another audience, an expired token or a forged signature is refused by name; tokens of no configured issuer are not its business")
    func refused() async throws {
        let stub = StubProvider()
        let key = ES256PrivateKey(), forger = ES256PrivateKey()
        stub.publish([("k1", key)])
        let desk = try desk(stub)
        func message(_ token: String) async -> String? {
            guard case .failure(let error)? = await desk.verify(credential: token) else { return nil }
            return error.message
        }
        #expect(await message(try await sign(claims(aud: "other-app"), with: key, kid: "k1"))?.contains("not for client 'parley'") == true)
        #expect(await message(try await sign(claims(issuedAgo: 7_300), with: key, kid: "k1"))?.contains("expired") == true)
        #expect(await message(try await sign(claims(), with: forger, kid: "k1"))?.contains("signature does not verify") == true)
        var elsewhere = claims()
        elsewhere["iss"] = .string("https://other.test")
        #expect(await desk.verify(credential: try await sign(elsewhere, with: key, kid: "k1")) == nil)
        #expect(await desk.verify(credential: "pk_abc_def") == nil)
        #expect(await desk.verify(credential: "not.a.jwt") == nil)
    }
}
