import Foundation
import JWTKit
import Logging
import ParleyIdentity
import Synchronization
import Testing

@Suite struct ProviderLinkTests {
    let provider = IdentityProvider(name: "Test", issuer: StubProvider.issuer, clientID: "parley", clientSecret: "s", tenancy: .fixed("acme"))
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func claims(nonce: String = "n", at time: Date) -> ClaimSet {
        let t = time.timeIntervalSince1970
        return ["iss": .string(StubProvider.issuer), "aud": .string("parley"), "sub": .string("alice"), "nonce": .string(nonce),
                "iat": .number(t), "exp": .number(t + 300)]
    }

    final class Clock: Sendable {
        let now: Mutex<Date>
        init(_ d: Date) { now = Mutex(d) }
        func advance(_ s: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(s) } }
        var read: @Sendable () -> Date { { self.now.withLock { $0 } } }
    }

    @Test func verifiesASignedTokenAndExchangesWithPKCE() async throws {
        let stub = StubProvider()
        let key = ES256PrivateKey()
        stub.publish([("k1", key)])
        let clock = Clock(start)
        let link = ProviderLink(provider: provider, transport: stub, clock: clock.read, logger: Logger(label: "test"))
        stub.answer(idToken: try await sign(claims(at: start), with: key, kid: "k1"))
        let token = try await link.exchange(code: "c", verifier: "v", redirectURI: "https://chat/auth/callback")
        #expect(stub.lastForm["code_verifier"] == "v")
        #expect(stub.lastForm["grant_type"] == "authorization_code")
        #expect(stub.lastForm["basic_user"] == "parley")
        let verified = try await link.verify(idToken: token, nonce: "n")
        #expect(verified["sub"] == .string("alice"))
        // The code is spent: a second exchange is refused by the provider and named.
        await #expect(throws: IdentityError(.codeRejected, "Test refused the authorization code (invalid_grant); it may be used already or expired")) {
            try await link.exchange(code: "c", verifier: "v", redirectURI: "https://chat/auth/callback")
        }
    }

    @Test func refusesForgedAndConfusedTokens() async throws {
        let stub = StubProvider()
        let key = ES256PrivateKey()
        stub.publish([("k1", key)])
        let link = ProviderLink(provider: provider, transport: stub, clock: Clock(start).read, logger: Logger(label: "test"))
        func reason(_ token: String, nonce: String = "n") async -> IdentityError.Reason? {
            do { _ = try await link.verify(idToken: token, nonce: nonce); return nil } catch { return error.reason }
        }
        #expect(await reason(try await sign(claims(at: start), with: ES256PrivateKey(), kid: "k1")) == .tokenRejected, "another key's signature")
        #expect(await reason(try await sign(claims(at: start), with: key, kid: "k1"), nonce: "other") == .wrongNonce)
        var wrongAudience = claims(at: start)
        wrongAudience["aud"] = .string("someone-else")
        #expect(await reason(try await sign(wrongAudience, with: key, kid: "k1")) == .wrongAudience)
        #expect(await reason(try await sign(claims(at: start.addingTimeInterval(-3600)), with: key, kid: "k1")) == .expired)

        // alg "none": no signature at all.
        let payload = try JSONEncoder().encode(claims(at: start)).base64EncodedString().replacingOccurrences(of: "=", with: "")
        #expect(await reason("eyJhbGciOiJub25lIiwia2lkIjoiazEifQ.\(payload).") == .tokenRejected)
        // HS256 signed with the public key's text as the secret (algorithm confusion).
        let hmac = JWTKeyCollection()
        await hmac.add(hmac: HMACKey(from: key.publicKey.pemRepresentation), digestAlgorithm: .sha256, kid: "k1")
        #expect(await reason(try await hmac.sign(TestClaims(claims(at: start)), kid: "k1")) == .tokenRejected)
        #expect(await reason("not.a.jwt") == .tokenRejected)
    }

    @Test func refetchesTheKeySetOnceForAnUnknownKeyRateLimited() async throws {
        let stub = StubProvider()
        let old = ES256PrivateKey(), new = ES256PrivateKey()
        stub.publish([("k1", old)])
        let clock = Clock(start)
        let link = ProviderLink(provider: provider, transport: stub, keyRefetchInterval: 60, clock: clock.read, logger: Logger(label: "test"))
        _ = try await link.verify(idToken: try await sign(claims(at: start), with: old, kid: "k1"), nonce: "n")
        #expect(stub.jwksFetches == 1)
        // The provider rotates; the first token with the new key makes parleyd fetch the set again.
        stub.publish([("k1", old), ("k2", new)])
        clock.advance(61)
        _ = try await link.verify(idToken: try await sign(claims(at: clock.read()), with: new, kid: "k2"), nonce: "n")
        #expect(stub.jwksFetches == 2)
        // A burst of tokens naming an unknown key costs no more than one fetch per interval.
        for _ in 0..<5 {
            await #expect(throws: IdentityError.self) {
                try await link.verify(idToken: try await sign(claims(at: clock.read()), with: new, kid: "k9"), nonce: "n")
            }
        }
        #expect(stub.jwksFetches == 2)
        clock.advance(61)
        await #expect(throws: IdentityError.self) {
            try await link.verify(idToken: try await sign(claims(at: clock.read()), with: new, kid: "k9"), nonce: "n")
        }
        #expect(stub.jwksFetches == 3)
    }
}
