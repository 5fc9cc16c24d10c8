import Foundation
import Synchronization

/// Which store the end-to-end tests run on: the embedded SQLite file (default), or PostgreSQL when
/// `PARLEY_TEST_STORE=postgres` (scripts/test runs the access, resume, idempotency, meeting, search
/// and process suites a second time that way, under scripts/throwaway-postgres).
///
/// On PostgreSQL every data directory gets its own database, created on first use, so a daemon
/// restarted on the same directory finds its data again and tests stay independent.
enum TestStore {
    static var onPostgres: Bool { ProcessInfo.processInfo.environment["PARLEY_TEST_STORE"] == "postgres" }

    private static let databases = Mutex<[String: String]>([:])

    /// The store URL for a test's data directory: nil on SQLite.
    static func url(for dataDirectory: String) throws -> String? {
        guard onPostgres else { return nil }
        return try databases.withLock { known in
            if let url = known[dataDirectory] { return url }
            let url = try freshDatabase()
            known[dataDirectory] = url
            return url
        }
    }

    /// The throwaway cluster's URL; a test that needs PostgreSQL fails here when there is none.
    static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_URL"] else {
            throw TestFailure("""
                no PostgreSQL for this test: run it under scripts/throwaway-postgres (scripts/test does), \
                which sets PARLEY_TEST_POSTGRES_URL
                """)
        }
        return url
    }

    /// Creates an empty database on the test cluster and returns its URL.
    static func freshDatabase() throws -> String {
        let server = try serverURL()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try psql("CREATE DATABASE \(name)")
        guard var components = URLComponents(string: server) else { throw TestFailure("bad PARLEY_TEST_POSTGRES_URL \(server)") }
        components.path = "/" + name
        return components.string!
    }

    /// Runs one SQL statement with psql against the test cluster's `postgres` database.
    @discardableResult
    static func psql(_ sql: String, database: String = "postgres") throws -> String {
        let server = try serverURL()
        guard var components = URLComponents(string: server) else { throw TestFailure("bad PARLEY_TEST_POSTGRES_URL \(server)") }
        components.path = "/" + database
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [components.string!, "-v", "ON_ERROR_STOP=1", "-tAc", sql]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw TestFailure("psql \(sql): \(text)") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Restarts the test cluster's server (`pg_ctl restart`), waiting `down` seconds in between.
    static func restartServer(down seconds: Double) throws {
        let env = ProcessInfo.processInfo.environment
        guard let data = env["PARLEY_TEST_POSTGRES_DATA"], let bin = env["PARLEY_TEST_POSTGRES_BIN"], let opts = env["PARLEY_TEST_POSTGRES_OPTS"] else {
            throw TestFailure("no PostgreSQL data directory: run under scripts/throwaway-postgres")
        }
        let prefix = (env["PARLEY_TEST_POSTGRES_AS"] ?? "").split(separator: " ").map(String.init)
        func pgctl(_ args: [String]) throws {
            // system(3), not Process: it waits for and reaps the child itself.
            let command = (prefix + ["\(bin)/pg_ctl", "-D", data] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let status = system(command.joined(separator: " ") + " > /dev/null")
            guard status == 0 else { throw TestFailure("pg_ctl \(args) failed (\(status))") }
        }
        try pgctl(["-m", "fast", "-w", "stop"])
        Thread.sleep(forTimeInterval: seconds)
        try pgctl(["-w", "-l", data + "/../server.log", "-o", opts, "start"])
    }
}
