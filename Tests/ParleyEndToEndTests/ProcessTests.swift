import Foundation
import ParleyDaemon
import Synchronization
import ParleyDomain
import Testing

/// The daemon as an operator runs it: a separate parleyd process.
@Suite("parleyd process", .serialized, .timeLimit(.minutes(5)))
struct ProcessTests {
    @Test("an acked message survives kill -9 of the daemon")
    func killNine() async throws {
        let dir = NSTemporaryDirectory() + "parley-kill-\(UUID().uuidString)"
        var daemon = try await DaemonProcess(dataDirectory: dir)
        let admin = try await daemon.token("admin", admin: true)
        let (_, group) = try await HTTP.request("POST", daemon.http + "/api/v1/groups", token: admin, body: ["title": "Ops", "members": ["alice"]])
        let g = try #require(group["id"] as? String)
        let alice = try await TestClient(url: daemon.url)
        alice.send(["type": "hello", "version": 1, "token": try await daemon.token("alice")])
        try await alice.next("welcome")
        for i in 1...20 { alice.send(["type": "send", "id": "k\(i)", "conversation": g, "text": "durable \(i)"]) }
        for _ in 1...20 { try await alice.next("ack") }
        daemon.kill(signal: SIGKILL)
        daemon = try await DaemonProcess(dataDirectory: dir)
        let again = try await TestClient(url: daemon.url)
        again.send(["type": "hello", "version": 1, "token": try await daemon.token("alice")])
        try await again.next("welcome")
        again.send(["type": "history", "id": "h", "conversation": g, "limit": 100])
        let history = try await again.next("history")
        let texts = (history["messages"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
        #expect(texts == (1...20).map { "durable \($0)" })
        daemon.kill(signal: SIGTERM)
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test("SIGTERM closes sessions with 1001 and the daemon exits cleanly")
    func sigterm() async throws {
        let dir = NSTemporaryDirectory() + "parley-term-\(UUID().uuidString)"
        let daemon = try await DaemonProcess(dataDirectory: dir)
        let alice = try await TestClient(url: daemon.url)
        alice.send(["type": "hello", "version": 1, "token": try await daemon.token("alice")])
        try await alice.next("welcome")
        daemon.kill(signal: SIGTERM)
        #expect(await alice.closed() == 1001)
        #expect(daemon.waitForExit(timeout: 10) == 0)
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// parleyd started from the build directory, on port 0.
struct DaemonProcess {
    let process: Process
    let port: Int
    let dataDirectory: String
    /// The production secret the process signs with (`PARLEY_SIGNING_SECRET_FILE`), if any.
    let secretFile: String?

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["PARLEYD_PATH"] { return path }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return runner.appendingPathComponent("parleyd").path
    }

    /// - Parameters:
    ///   - environment: `PARLEY_*` settings added to the test's own environment.
    ///   - storeURL: a PostgreSQL URL (cluster nodes); by default the test store of `dataDirectory`.
    init(dataDirectory: String, environment: [String: String] = [:], storeURL: String? = nil) async throws {
        self.dataDirectory = dataDirectory
        secretFile = environment["PARLEY_SIGNING_SECRET_FILE"]
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--port", "0", "--data-dir", dataDirectory]
        if let url = try storeURL ?? TestStore.url(for: dataDirectory) { process.arguments! += ["--store-url", url] }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The log is read on a thread of its own (a blocking read), so that a parleyd that falls
        // silent cannot hold the test past its deadline, and no cooperative thread blocks (a
        // 2-core machine has two of them, and every parallel test needs them).
        let startup = StartupLog()
        let handle = pipe.fileHandleForReading
        Thread {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { startup.finish(); return }
                startup.append(chunk)
            }
        }.start()
        guard let reported = try await startup.port(within: 60) else {
            process.terminate()
            throw TestFailure("parleyd at \(Self.binary) did not report its port within 60 s: \(startup.text)")
        }
        port = reported
    }

    var url: String { "ws://127.0.0.1:\(port)/ws" }
    var http: String { "http://127.0.0.1:\(port)" }

    /// Mints a token with the daemon's secret (as `parley token --data-dir` does).
    func token(_ user: String, tenant: String = "acme", lang: String = "en", admin: Bool = false, bot: Bool = false) async throws -> String {
        var settings = DaemonConfiguration()
        settings.dataDirectory = dataDirectory
        settings.signingSecretFile = secretFile
        let secret = try SigningSecret.load(settings, create: false)
        return try await TokenAuthority(secret: secret).mint(Identity(user: UserRef(id: user, tenant: tenant), name: user,
                                                                      language: Language(lang), isAdmin: admin, isBot: bot))
    }

    /// Connects a user and waits for `welcome`.
    func client(_ user: String, tenant: String = "acme", lang: String = "en") async throws -> TestClient {
        let client = try await TestClient(url: url)
        client.send(["type": "hello", "version": 1, "token": try await token(user, tenant: tenant, lang: lang)])
        _ = try await client.next("welcome")
        return client
    }

    var isRunning: Bool { process.isRunning }

    func kill(signal: Int32) { Glibc.kill(process.processIdentifier, signal) }

    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

/// What a starting parleyd has logged, filled by the reading thread; `port(within:)` waits for
/// the `hub.port=` line with a deadline.
final class StartupLog: Sendable {
    private let log = Mutex<(text: String, finished: Bool)>(("", false))

    func append(_ chunk: Data) {
        // Only the start matters (the port line); a long run's log is not kept.
        log.withLock { if $0.text.utf8.count < 1 << 16 { $0.text += String(decoding: chunk, as: UTF8.self) } }
    }

    func finish() { log.withLock { $0.finished = true } }

    var text: String { log.withLock { $0.text } }

    /// The port parleyd reported, waiting up to `seconds`; nil if it fell silent, exited or took too long.
    func port(within seconds: Double) async throws -> Int? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while true {
            let (text, finished) = log.withLock { ($0.text, $0.finished) }
            if let range = text.range(of: #"hub\.port=(\d+)"#, options: .regularExpression) {
                return Int(text[range].dropFirst("hub.port=".count))
            }
            if finished || ContinuousClock.now >= deadline { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
