import Foundation
import Logging
import ParleyDomain
import ParleyIdentity
import ParleyStore
import ParleyStoreSQLite
import Testing

/// The identity store's rules on SQLite (the PostgreSQL driver runs the same cases in
/// ParleyStorePostgresTests/IdentityStoreTests.swift).
@Suite struct SessionStoreTests {
    func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-identity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(SQLiteConfiguration(path: dir.appendingPathComponent("p.sqlite").path), logger: Logger(label: "test"))
        try await body(store)
        await store.close()
    }

    let alice = UserRef(id: "alice", tenant: "acme")

    func entry(_ name: String, at time: Int64) -> DirectoryEntry {
        DirectoryEntry(user: alice, displayName: name, language: Language("de"), locale: "de-CH", timeZone: "Europe/Zurich",
                       provider: "Acme", isAdmin: false, lastSeen: time)
    }

    @Test func signInsUpdateTheEntryButNotItsActiveFlag() async throws {
        try await withStore { store in
            _ = try await store.recordSignIn(entry("Alice", at: 1))
            #expect(try await store.setActive(alice, false))
            let again = try await store.recordSignIn(entry("Alice L.", at: 2))
            #expect(again.displayName == "Alice L.")
            #expect(again.lastSeen == 2)
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
            // d1 again: someone kept a copy. The session ends, so d3 stops working too.
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
            #expect(try await store.rotateRefresh(presented: "a", next: "a2", now: 100, expiresAt: 200) == .ended, "expired")
            #expect(try await store.revokeSession(refreshDigest: "b", at: 5))
            #expect(try await store.rotateRefresh(presented: "b", next: "b2", now: 6, expiresAt: 200) == .ended, "signed out")
            #expect(try await store.revokeSessions(of: alice, at: 7) == 2, "s1 (expired but not revoked) and s3")
            #expect(try await store.rotateRefresh(presented: "c", next: "c2", now: 8, expiresAt: 200) == .ended, "deactivated")
        }
    }
}
