import Foundation
import Testing

/// API keys end to end: an admin makes one for a machine, it speaks on the WebSocket and the HTTP
/// API as its bot user, its last use is shown, and revoking it refuses it at once; `parley login`
/// keeps it for the command line.
@Suite("API keys", .timeLimit(.minutes(5)))
struct APIKeyTests {
    @Test("a key made by an admin works on hello and HTTP, shows its last use, is stored only as a digest, and is refused once revoked")
    func lifecycle() async throws {
        let d = try await TestDaemon()
        defer { Task { await d.stop() } }
        let admin = try await d.token("root", admin: true)
        let g = try await d.group("Service desk", members: ["alice"])
        let (status, made) = try await d.request("POST", "/api/v1/keys", token: admin, body: ["name": "Ticket bridge"])
        #expect(status == 201)
        let key = try #require(made["key"] as? String)
        let id = try #require(made["id"] as? String)
        #expect(key.hasPrefix("pk_\(id)_"))
        #expect(made["user"] as? String == "bot-ticket-bridge@acme")

        // The WebSocket: hello with the key.
        let bot = try await TestClient(url: d.url)
        bot.send(["type": "hello", "version": 1, "token": key])
        let welcome = try await bot.next("welcome")
        #expect((welcome["user"] as? [String: Any])?["id"] as? String == "bot-ticket-bridge")
        // The HTTP API: a bot message.
        let alice = try await d.client("alice")
        alice.send(["type": "subscribe", "id": "w", "conversation": g])
        try await alice.next("subscribed")
        let (posted, _) = try await d.request("POST", "/api/v1/messages", token: key, body: ["conversation": g, "text": "Ticket 42 is assigned to you"])
        #expect(posted == 201)
        #expect(try await alice.next("message").messageText == "Ticket 42 is assigned to you")
        let (_, list) = try await d.request("GET", "/api/v1/keys", token: admin)
        let listed = try #require((list["keys"] as? [[String: Any]])?.first)
        #expect(listed["key"] == nil, "the key itself is shown only once")
        #expect((listed["last_used_at"] as? Int64 ?? 0) > 0)

        // Only a digest is kept: the secret is nowhere in the database files.
        let secret = String(key.split(separator: "_").last!)
        if ProcessInfo.processInfo.environment["PARLEY_TEST_STORE"] != "postgres" {
            for file in try FileManager.default.contentsOfDirectory(atPath: d.directory) {
                let bytes = FileManager.default.contents(atPath: d.directory + "/" + file) ?? Data()
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the key's secret")
            }
        }

        // Wrong secret, other tenants, non-admins.
        #expect(try await d.request("GET", "/api/v1/keys", token: "pk_\(id)_wrong").0 == 401)
        #expect(try await d.request("GET", "/api/v1/keys", token: try await d.token("bob")).0 == 403)
        #expect(try await d.request("DELETE", "/api/v1/keys/\(id)", token: try await d.token("root", tenant: "globex", admin: true)).0 == 404)
        #expect(try await d.request("POST", "/api/v1/keys", token: admin, body: ["name": ""]).0 == 400)

        // Revoked: refused at the next hello and request, with the reason.
        #expect(try await d.request("DELETE", "/api/v1/keys/\(id)", token: admin).0 == 200)
        let (refused, answer) = try await d.request("POST", "/api/v1/messages", token: key, body: ["conversation": g, "text": "again"])
        #expect(refused == 401)
        #expect((answer["message"] as? String)?.contains("revoked") == true)
        let late = try await TestClient(url: d.url)
        late.send(["type": "hello", "version": 1, "token": key])
        let error = try await late.next("error")
        #expect(error["code"] as? String == "unauthorized")
        #expect((error["message"] as? String)?.contains("revoked") == true)
    }

    @Test("parley login keeps the key in the user's config directory (mode 0600) and the other commands use it")
    func commandLineLogin() async throws {
        let d = try await TestDaemon()
        defer { Task { await d.stop() } }
        let admin = try await d.token("root", admin: true)
        let g = try await d.group("Builds", members: ["alice", "ci"])
        let (_, made) = try await d.request("POST", "/api/v1/keys", token: admin, body: ["name": "CI", "user": "ci"])
        let key = try #require(made["key"] as? String)
        let config = NSTemporaryDirectory() + "parley-cli-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: config) }
        let login = try Self.parley(["login", "--url", d.url, "--key", key], config: config)
        #expect(login.status == 0, "\(login.output)")
        #expect(login.output.contains("signed in as ci@acme"))
        let path = config + "/parley/credentials.json"
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        let alice = try await d.client("alice")
        alice.send(["type": "subscribe", "id": "w", "conversation": g])
        try await alice.next("subscribed")
        let sent = try Self.parley(["send", "-c", g, "build 311 is green"], config: config)
        #expect(sent.status == 0, "\(sent.output)")
        let message = try await alice.next("message")
        #expect(message.messageText == "build 311 is green")
        #expect((message["sender"] as? [String: Any])?["id"] as? String == "ci")
        let bad = try Self.parley(["login", "--url", d.url, "--key", "pk_nope_nope"], config: config)
        #expect(bad.status != 0)
        #expect(bad.output.contains("unknown API key"))
    }

    /// Runs the built `parley` with `XDG_CONFIG_HOME` set to `config`; 60 s at most.
    static func parley(_ arguments: [String], config: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcess.binary).deletingLastPathComponent().appendingPathComponent("parley")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = config
        environment["PARLEY_TOKEN"] = nil
        environment["PARLEY_URL"] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}
