import Foundation
import ParleyDomain
import ParleyStore
@testable import ParleyStorePostgres
import Testing

/// The identity store's rules on PostgreSQL: the same cases as SQLite's
/// (ParleyIdentityTests/SessionStoreTests.swift).
@Suite struct IdentityStoreTests {
    let alice = UserRef(id: "alice", tenant: "acme")

    func withStore(_ body: (PostgresStore) async throws -> Void) async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        do { try await body(store) } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    @Test func signInsUpdateTheEntryButNotItsActiveFlag() async throws {
        try await withStore { store in
            let first = DirectoryEntry(user: alice, displayName: "Alice", language: Language("de"), locale: "de-CH", timeZone: "Europe/Zurich",
                                       provider: "Acme", isAdmin: true, lastSeen: 1)
            #expect(try await store.recordSignIn(first) == first)
            #expect(try await store.setActive(alice, false))
            var second = first
            second.displayName = "Alice L."
            second.lastSeen = 2
            let again = try await store.recordSignIn(second)
            #expect(again.displayName == "Alice L.")
            #expect(!again.active, "signing in again does not reactivate")
            #expect(try await store.directory(tenant: "acme").map(\.user) == [alice])
            #expect(try await store.directory(tenant: "partner").isEmpty)
            #expect(try await !store.setActive(UserRef(id: "nobody", tenant: "acme"), false))
        }
    }

    @Test func refreshRotatesAndReuseRevokesTheSession() async throws {
        try await withStore { store in
            try await store.createSession(SignInSession(id: "s1", user: alice, refreshDigest: "d1", createdAt: 0, expiresAt: 1_000))
            #expect(try await store.rotateRefresh(presented: "d1", next: "d2", now: 10, expiresAt: 1_010) == .rotated(session: "s1", user: alice))
            #expect(try await store.rotateRefresh(presented: "d2", next: "d3", now: 20, expiresAt: 1_020) == .rotated(session: "s1", user: alice))
            #expect(try await store.rotateRefresh(presented: "d1", next: "x", now: 30, expiresAt: 1_030) == .reused(session: "s1", user: alice))
            #expect(try await store.rotateRefresh(presented: "d3", next: "d4", now: 40, expiresAt: 1_040) == .ended)
            #expect(try await store.rotateRefresh(presented: "never", next: "d5", now: 40, expiresAt: 1_040) == .unknown)
        }
    }

    @Test func expiryAndRevocation() async throws {
        try await withStore { store in
            try await store.createSession(SignInSession(id: "s1", user: alice, refreshDigest: "a", createdAt: 0, expiresAt: 100))
            try await store.createSession(SignInSession(id: "s2", user: alice, refreshDigest: "b", createdAt: 0, expiresAt: 1_000))
            try await store.createSession(SignInSession(id: "s3", user: alice, refreshDigest: "c", createdAt: 0, expiresAt: 1_000))
            #expect(try await store.rotateRefresh(presented: "a", next: "a2", now: 100, expiresAt: 200) == .ended)
            #expect(try await store.revokeSession(refreshDigest: "b", at: 5))
            #expect(try await store.rotateRefresh(presented: "b", next: "b2", now: 6, expiresAt: 200) == .ended)
            #expect(try await store.revokeSessions(of: alice, at: 7) == 2)
            #expect(try await store.rotateRefresh(presented: "c", next: "c2", now: 8, expiresAt: 200) == .ended)
        }
    }
}

/// Deactivation reaches every node: the other nodes' stores hear a hint and close the user's sockets.
@Suite struct DeactivationHintTests {
    @Test func deactivatingAUserHintsTheOtherNodes() async throws {
        let url = try await TestDatabase.make()
        let a = try await TestDatabase.open(url)
        let b = try await TestDatabase.open(url)
        let hints = Hints(b)
        let bob = UserRef(id: "bob", tenant: "acme")
        _ = try await a.recordSignIn(DirectoryEntry(user: bob, displayName: "Bob", language: .english, locale: nil, timeZone: nil,
                                                    provider: "Acme", isAdmin: false, lastSeen: 1))
        // Give b's listener time to LISTEN (it resynchronizes when it connects).
        _ = await hints.wait(seconds: 10) { $0 == .resynchronize }
        #expect(try await a.setActive(bob, false))
        #expect(await hints.wait(seconds: 10) { $0 == .userDeactivated(bob) }, "node b hears that bob was deactivated")
        #expect(try await a.setActive(bob, true))
        await a.close()
        await b.close()
    }
}
