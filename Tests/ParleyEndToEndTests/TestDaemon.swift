import Foundation
import Logging
import ParleyClient
import ParleyDaemon
import ParleyDomain
import ParleyText
import ParleyTranslation

/// A real parleyd, in-process, on port 0 with a temporary data directory.
final class TestDaemon: Sendable {
    let daemon: ParleyDaemon
    let directory: String

    /// - Parameter existing: the data directory of a stopped daemon (`stop(keepingData: true)`), to restart on it.
    init(directory existing: String? = nil, configure: (inout DaemonConfiguration) -> Void = { _ in }) async throws {
        directory = existing ?? NSTemporaryDirectory() + "parley-e2e-\(UUID().uuidString)"
        var configuration = DaemonConfiguration()
        configuration.dataDirectory = directory
        configuration.hub.port = 0
        configuration.durability = .normal
        configuration.storeURL = try TestStore.url(for: directory)
        configuration.dictionariesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Dictionaries").path
        configure(&configuration)
        var logger = Logger(label: "parleyd.test")
        logger.logLevel = ProcessInfo.processInfo.environment["PARLEY_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .error
        daemon = try await DaemonAssembly.make(configuration: configuration, logger: logger, translator: try await Self.sharedTranslator.value)
        try await daemon.start()
    }

    /// Dictionaries load once per test process. Daemons share the dictionaries and the engine's
    /// cache (deterministic renderings), but `DaemonAssembly.make` gives each its own translation
    /// memory, filled only from its store: a correction reaches a daemon (a restarted one, another
    /// cluster node) only if the store kept it and the daemon read it back. CorrectionTests and
    /// ClusterTests' correction test fail when either is removed.
    static let sharedTranslator = Task<Translator, any Error> {
        var configuration = DaemonConfiguration()
        configuration.dictionariesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Dictionaries").path
        return try DaemonAssembly.makeTranslator(configuration, analyzer: ICUTextAnalyzer(), logger: Logger(label: "test"))
    }

    var url: String { "ws://127.0.0.1:\(daemon.port)/ws" }
    var http: String { "http://127.0.0.1:\(daemon.port)" }

    /// A token signed with this daemon's secret; `lifetime` and `notBefore` make expired and
    /// not-yet-valid ones.
    func token(_ user: String, tenant: String = "acme", lang: String = "en", admin: Bool = false, bot: Bool = false,
               lifetime: TimeInterval = 3600, notBefore: Date? = nil) async throws -> String {
        try await daemon.tokens.mint(Identity(user: UserRef(id: user, tenant: tenant), name: user.capitalized, language: Language(lang),
                                              isAdmin: admin, isBot: bot), lifetime: lifetime, notBefore: notBefore)
    }

    /// Connects a user and waits for `welcome`.
    func client(_ user: String, tenant: String = "acme", lang: String = "en") async throws -> TestClient {
        let client = try await TestClient(url: url)
        client.send(["type": "hello", "version": 1, "token": try await token(user, tenant: tenant, lang: lang)])
        _ = try await client.next("welcome")
        return client
    }

    /// Creates a group through the admin HTTP API and returns its id.
    func group(_ title: String, kind: String = "group", members: [String], shares: [String] = [], tenant: String = "acme") async throws -> String {
        let (status, body) = try await request("POST", "/api/v1/groups", token: try await token("admin", tenant: tenant, admin: true),
                                               body: ["title": title, "kind": kind, "members": members, "shares": shares])
        guard status == 201, let id = body["id"] as? String else { throw TestFailure("group creation failed: \(status) \(body)") }
        return id
    }

    func request(_ method: String, _ path: String, token: String?, body: [String: Any]? = nil) async throws -> (Int, [String: Any]) {
        try await HTTP.request(method, http + path, token: token, body: body)
    }

    func stop(keepingData: Bool = false) async {
        await daemon.stop()
        if !keepingData { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Connects a user with an admin token and waits for `welcome`.
    func adminClient(_ user: String = "admin", tenant: String = "acme") async throws -> TestClient {
        let client = try await TestClient(url: url)
        client.send(["type": "hello", "version": 1, "token": try await token(user, tenant: tenant, admin: true)])
        _ = try await client.next("welcome")
        return client
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
