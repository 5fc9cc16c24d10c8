import Foundation
import ParleyDaemon
import Testing

@Suite("Web client sign-in and its HTTP routes", .timeLimit(.minutes(5)))
struct WebSignInTests {
    @Test("development mode: an admin mints a working token for another user; members are listed to members only")
    func developmentMinting() async throws {
        let d = try await TestDaemon()
        let admin = try await d.token("admin", admin: true)
        let (status, body) = try await d.request("POST", "/api/v1/dev/tokens", token: admin,
                                                 body: ["user": "bob", "tenant": "partner", "lang": "es"])
        #expect(status == 201)
        let minted = try #require(body["token"] as? String)
        #expect(body["user"] as? String == "bob@partner")
        let bob = try await TestClient(url: d.url)
        bob.send(["type": "hello", "version": 1, "token": minted])
        let welcome = try await bob.next("welcome")
        let user = try #require(welcome["user"] as? [String: Any])
        #expect(user["id"] as? String == "bob")
        #expect(user["tenant"] as? String == "partner")
        #expect(user["lang"] as? String == "es")
        let (probe, _) = try await d.request("GET", "/api/v1/dev", token: admin, body: nil)
        #expect(probe == 200)

        let (refused, _) = try await d.request("POST", "/api/v1/dev/tokens", token: try await d.token("carol"), body: ["user": "x"])
        #expect(refused == 403)

        let group = try await d.group("Joint", members: ["alice", "bob@partner"], shares: ["partner"])
        let (ok, members) = try await d.request("GET", "/api/v1/conversations/\(group)/members", token: try await d.token("bob", tenant: "partner"), body: nil)
        #expect(ok == 200)
        let ids = (members["members"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.sorted()
        #expect(ids == ["alice", "bob@partner"])
        let (outsider, _) = try await d.request("GET", "/api/v1/conversations/\(group)/members", token: try await d.token("carol"), body: nil)
        #expect(outsider == 403)
        await d.stop()
    }

    @Test("with a production secret there is no minting endpoint, and tokens signed with it work")
    func productionSecret() async throws {
        let secretFile = NSTemporaryDirectory() + "parley-secret-\(UUID().uuidString)"
        try Data(String(repeating: "s3cr3t", count: 8).utf8).write(to: URL(fileURLWithPath: secretFile))
        let d = try await TestDaemon { $0.signingSecretFile = secretFile }
        #expect(!d.daemon.configuration.isDevelopment)
        let admin = try await d.token("admin", admin: true)
        let (status, body) = try await d.request("POST", "/api/v1/dev/tokens", token: admin, body: ["user": "bob"])
        #expect(status == 404)
        #expect((body["message"] as? String)?.contains("development mode") == true)
        let (probe, _) = try await d.request("GET", "/api/v1/dev", token: admin, body: nil)
        #expect(probe == 404)
        _ = try await d.client("alice")
        await d.stop()
        try? FileManager.default.removeItem(atPath: secretFile)
    }

    @Test("the client is served at / beside the API")
    func servedBesideTheAPI() async throws {
        let d = try await TestDaemon()
        let (status, _) = try await d.request("GET", "/healthz", token: nil, body: nil)
        #expect(status == 200)
        let (pageStatus, page) = try await d.request("GET", "/", token: nil, body: nil)
        #expect(pageStatus == 200)
        #expect((page["raw"] as? String)?.contains("<script type=\"module\" src=\"app.js\"></script>") == true)
        let (apiStatus, _) = try await d.request("GET", "/api/v1/groups", token: nil, body: nil)
        #expect(apiStatus == 401)
        await d.stop()
    }
}
