import Foundation
import Logging
import ParleyStore
import PostgresNIO

/// Operations on the server rather than on Parley's tables, for the test suite (through
/// `@testable import`): SQL stays in this module even when a test needs it.
extension PostgresStore {
    /// Creates an empty database next to the one `url` names and returns its URL.
    static func createDatabase(besides url: String, logger: Logger) async throws -> String {
        let base = try PostgresConfiguration(url: url)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try await PostgresEndpoint(base).connect(logger: logger, purpose: "administration")
        do {
            // A database name cannot be a parameter; this one is letters, digits and '_'.
            try await admin.run(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger)
            try? await admin.close()
        } catch {
            try? await admin.close()
            throw StoreError(.database, "cannot create a test database: \(PostgresFailure.words(error))")
        }
        guard var components = URLComponents(string: url) else { throw StoreError(.refused, "bad url") }
        components.path = "/" + name
        return components.string!
    }

    /// Ends the server process of this store's listening connection (as an operator's
    /// `pg_terminate_backend` would); returns how many it ended.
    func terminateListener() async throws -> Int {
        try await pooled { db in
            try await db.column("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'
                """, as: Bool.self, logger).filter { $0 }.count
        }
    }

    /// The server processes of this database's listening connections.
    func listenerBackends() async throws -> [Int32] {
        try await pooled { db in
            try await db.column("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
                                as: Int32.self, logger)
        }
    }

    /// The server processes of this database's writer connections (`application_name`).
    func writerBackends() async throws -> [Int32] {
        try await pooled { db in
            try await db.column("""
                SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'parleyd writer'
                """, as: Int32.self, logger)
        }
    }

    /// Ends every other server process of this database (the writer's, the listener's, other
    /// pooled ones, other stores'): what a server restart does to a node.
    func terminateConnections() async throws -> Int {
        try await pooled { db in
            try await db.column("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                """, as: Bool.self, logger).filter { $0 }.count
        }
    }

    /// A statement that runs `seconds`, under the search's time limit set to `budget`.
    func sleepAsSearch(_ seconds: Double, budget: Double) async throws {
        try await withinBudget(budget) { db in try await db.run("SELECT pg_sleep(\(seconds))", logger) }
    }

    /// The migrations recorded in the database, in the order applied.
    func appliedMigrations() async throws -> [String] {
        try await pooled { db in
            try await db.column("SELECT name FROM parley_migrations ORDER BY applied_at, name", as: String.self, logger)
        }
    }

    /// Records a migration as if a newer build had applied it.
    func recordMigration(_ name: String) async throws {
        try await pooled { db in
            try await db.run("INSERT INTO parley_migrations(name, applied_at) VALUES (\(name), \(StoreClock.now()))", logger)
        }
    }
}
