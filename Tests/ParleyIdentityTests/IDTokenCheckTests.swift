import Foundation
import ParleyIdentity
import Testing

@Suite struct IDTokenCheckTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let check = IDTokenCheck(issuer: "https://id.acme.example", clientID: "parley", nonce: "n-123")

    func claims(_ changes: [String: ClaimValue?] = [:]) -> ClaimSet {
        var c: ClaimSet = [
            "iss": .string("https://id.acme.example"), "aud": .string("parley"), "sub": .string("alice"),
            "exp": .number(1_800_000_300), "iat": .number(1_799_999_990), "nonce": .string("n-123"),
        ]
        for (k, v) in changes { c[k] = v }
        return c
    }

    @Test func acceptsAGoodToken() {
        #expect(check.refusal(of: claims(), now: now) == nil)
        #expect(check.refusal(of: claims(["aud": .array([.string("other"), .string("parley")]), "azp": .string("parley")]), now: now) == nil)
    }

    @Test func refusesWrongIssuerOrAudience() {
        #expect(check.refusal(of: claims(["iss": .string("https://evil.example")]), now: now)?.reason == .wrongIssuer)
        #expect(check.refusal(of: claims(["iss": nil]), now: now)?.reason == .wrongIssuer)
        #expect(check.refusal(of: claims(["aud": .string("someone-else")]), now: now)?.reason == .wrongAudience)
        #expect(check.refusal(of: claims(["aud": .array([.string("parley"), .string("x")]), "azp": .string("x")]), now: now)?.reason == .wrongAudience)
    }

    @Test func refusesExpiredAndNotYetValid() {
        #expect(check.refusal(of: claims(["exp": .number(1_799_999_900)]), now: now)?.reason == .expired)
        #expect(check.refusal(of: claims(["exp": nil]), now: now)?.reason == .expired)
        #expect(check.refusal(of: claims(["nbf": .number(1_800_000_500)]), now: now)?.reason == .notYetValid)
        #expect(check.refusal(of: claims(["iat": .number(1_800_000_500)]), now: now)?.reason == .notYetValid)
        // Within the leeway: accepted.
        #expect(check.refusal(of: claims(["nbf": .number(1_800_000_030)]), now: now) == nil)
        // Issued long ago (a replayed ID token): refused even though not expired.
        #expect(check.refusal(of: claims(["iat": .number(1_799_990_000), "exp": .number(1_800_100_000)]), now: now)?.reason == .expired)
    }

    @Test func refusesWrongOrMissingNonce() {
        #expect(check.refusal(of: claims(["nonce": .string("other")]), now: now)?.reason == .wrongNonce)
        #expect(check.refusal(of: claims(["nonce": nil]), now: now)?.reason == .wrongNonce)
    }

    @Test func theClockDecides() {
        let later = now.addingTimeInterval(400)
        #expect(check.refusal(of: claims(), now: later)?.reason == .expired)
    }

    @Test func absurdTimesAreRefusedWithoutTrapping() {
        #expect(check.refusal(of: claims(["exp": .number(-1e308)]), now: now)?.reason == .expired)
        #expect(check.refusal(of: claims(["iat": .number(1e308)]), now: now)?.reason == .notYetValid)
        #expect(check.refusal(of: claims(["iat": .number(-1e308)]), now: now)?.reason == .expired)
        #expect(check.refusal(of: claims(["nbf": .number(1e308)]), now: now)?.reason == .notYetValid)
        #expect(check.refusal(of: claims(["exp": .number(-1e308)]), now: now)?.message.contains("unreasonable") == true)
    }
}
