import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Files in conversations end to end: upload, send with attachments, download by members only
/// (checked at every download), refusals for bad uploads, the sweep, signed links.
@Suite("Files end to end", .timeLimit(.minutes(5)))
struct AttachmentTests {
    /// A PNG signature and some bytes after it: enough to pass the upload's content check.
    static func png(_ count: Int = 5_000) -> Data {
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
    }

    struct Answer {
        var status: Int
        var body: Data
        var headers: [String: String]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    static func call(_ method: String, _ url: String, token: String?, contentType: String? = nil, body: Data? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (k, v) in http?.allHeaderFields ?? [:] { headers[String(describing: k).lowercased()] = String(describing: v) }
        return Answer(status: http?.statusCode ?? 0, body: data, headers: headers)
    }

    static func upload(_ d: TestDaemon, to conversation: String, as token: String, name: String = "part.png", type: String? = "image/png",
                       bytes: Data) async throws -> Answer {
        let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
        return try await call("POST", "\(d.http)/api/v1/conversations/\(conversation)/files?filename=\(query)", token: token, contentType: type, body: bytes)
    }

    static func blobCount(_ d: TestDaemon) -> Int {
        let root = d.directory + "/files/blobs"
        return ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).reduce(0) {
            $0 + ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + $1))?.count ?? 0)
        }
    }

    @Test("upload, send with attachments, a member downloads the same bytes; non-members, partners outside and removed members get 404")
    func uploadSendDownload() async throws {
        let d = try await TestDaemon()
        defer { Task { await d.stop() } }
        let g = try await d.group("Parts", members: ["ana", "li", "pat@globex"], shares: ["globex"])
        let other = try await d.group("Other", members: ["bob", "kim@globex"], shares: ["globex"])
        let anaToken = try await d.token("ana")
        let bytes = Self.png()
        let up = try await Self.upload(d, to: g, as: anaToken, name: "broken part.png", bytes: bytes)
        #expect(up.status == 201)
        let id = try #require(up.json["id"] as? String)
        #expect(up.json["name"] as? String == "broken part.png")
        #expect(up.json["size"] as? Int == bytes.count)
        #expect(up.json["type"] as? String == "image/png")

        // Before it is sent, only its uploader sees it.
        let liToken = try await d.token("li")
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: liToken).status == 404)

        let ana = try await d.client("ana")
        let li = try await d.client("li")
        li.send(["type": "subscribe", "conversation": g])
        _ = try await li.next("subscribed")
        ana.send(["type": "send", "id": "c1", "conversation": g, "text": "the broken part", "attachments": [id]])
        _ = try await ana.next("ack")
        let live = try await li.next("message")
        let attached = try #require(live["attachments"] as? [[String: Any]])
        #expect(attached.count == 1)
        #expect(attached.first?["id"] as? String == id)
        #expect(attached.first?["name"] as? String == "broken part.png")
        #expect(attached.first?["size"] as? Int == bytes.count)
        #expect(attached.first?["type"] as? String == "image/png")
        li.send(["type": "history", "id": "h", "conversation": g])
        let history = try #require(try await li.next("history")["messages"] as? [[String: Any]])
        #expect((history.last?["attachments"] as? [[String: Any]])?.first?["id"] as? String == id)

        // A member downloads byte-identical content, served so that the browser cannot sniff or run it.
        let down = try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: liToken)
        #expect(down.status == 200)
        #expect(down.body == bytes)
        #expect(down.headers["x-content-type-options"] == "nosniff")
        #expect(down.headers["content-disposition"]?.hasPrefix("inline; filename=\"broken part.png\"") == true)
        #expect(down.headers["content-type"] == "image/png")
        // The partner of the shared group too; a member of another conversation and its partner do not.
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: try await d.token("pat", tenant: "globex")).body == bytes)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: try await d.token("bob")).status == 404)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: try await d.token("kim", tenant: "globex")).status == 404)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/fl-00000000000000000000000000000000", token: liToken).status == 404)
        // A non-member cannot upload into the conversation either.
        #expect(try await Self.upload(d, to: g, as: try await d.token("bob"), bytes: bytes).status == 403)
        _ = other

        // A removed member loses access at once.
        let admin = try await d.token("admin", admin: true)
        let (removed, _) = try await d.request("DELETE", "/api/v1/groups/\(g)/members/li", token: admin)
        #expect(removed == 200)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: liToken).status == 404)
    }

    @Test("send refuses files of others, of other conversations, unknown or already sent, naming the file")
    func sendRefusals() async throws {
        let d = try await TestDaemon()
        defer { Task { await d.stop() } }
        let g = try await d.group("Parts", members: ["ana", "li"])
        let h = try await d.group("Other", members: ["ana"])
        let mine = try #require(try await Self.upload(d, to: g, as: try await d.token("ana"), bytes: Self.png()).json["id"] as? String)
        let elsewhere = try #require(try await Self.upload(d, to: h, as: try await d.token("ana"), bytes: Self.png(10)).json["id"] as? String)
        let li = try await d.client("li")
        li.send(["type": "send", "id": "x1", "conversation": g, "text": "mine now", "attachments": [mine]])
        let forbidden = try await li.next("error")
        #expect(forbidden["code"] as? String == "forbidden")
        #expect((forbidden["message"] as? String)?.contains(mine) == true)
        let ana = try await d.client("ana")
        ana.send(["type": "send", "id": "x2", "conversation": g, "text": "wrong place", "attachments": [elsewhere]])
        let missing = try await ana.next("error")
        #expect(missing["code"] as? String == "not_found")
        #expect((missing["message"] as? String)?.contains(elsewhere) == true)
        ana.send(["type": "send", "id": "x3", "conversation": g, "text": "once", "attachments": [mine]])
        _ = try await ana.next("ack")
        ana.send(["type": "send", "id": "x4", "conversation": g, "text": "twice", "attachments": [mine]])
        #expect(try await ana.next("error")["code"] as? String == "conflict")
        ana.send(["type": "send", "id": "x5", "conversation": g, "text": "bad", "attachments": [mine, mine]])
        #expect(try await ana.next("error")["code"] as? String == "bad_frame")
    }

    @Test("over-size (413 naming the limit, nothing kept), empty, badly named, mistyped uploads are refused; HTML and SVG download as attachments; the quota holds")
    func badUploads() async throws {
        let d = try await TestDaemon { $0.files.maxFileSize = 4_096 }
        defer { Task { await d.stop() } }
        let g = try await d.group("Parts", members: ["ana"])
        let ana = try await d.token("ana")
        let big = try await Self.upload(d, to: g, as: ana, bytes: Self.png(5_000))
        #expect(big.status == 413)
        #expect(big.json["error"] as? String == "too_large")
        #expect((big.json["message"] as? String)?.contains("4096") == true)
        #expect(Self.blobCount(d) == 0)
        #expect(try await Self.upload(d, to: g, as: ana, bytes: Data()).status == 400)
        #expect(try await Self.upload(d, to: g, as: ana, name: "../etc/passwd", bytes: Self.png(10)).status == 400)
        #expect(try await Self.upload(d, to: g, as: ana, name: "a\u{07}b.png", bytes: Self.png(10)).status == 400)
        #expect(try await Self.upload(d, to: g, as: ana, name: String(repeating: "x", count: 1_000), bytes: Self.png(10)).status == 400)
        #expect(try await Self.upload(d, to: g, as: ana, name: "fake.png", bytes: Data("<html><script>alert(1)</script>".utf8)).status == 415)
        #expect(Self.blobCount(d) == 0)

        for (name, type) in [("x.html", "text/html"), ("x.svg", "image/svg+xml")] {
            let up = try await Self.upload(d, to: g, as: ana, name: name, type: type, bytes: Data("<svg onload=alert(1)></svg>".utf8))
            let id = try #require(up.json["id"] as? String)
            let down = try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: ana)
            #expect(down.status == 200)
            #expect(down.headers["content-disposition"]?.hasPrefix("attachment;") == true)
            #expect(down.headers["content-type"] == "application/octet-stream")
            #expect(down.headers["x-content-type-options"] == "nosniff")
        }

        // The admin sees the tenant's use and sets a quota; an upload past it is 413 with the quota named.
        let admin = try await d.token("admin", admin: true)
        let used = try await Self.call("GET", "\(d.http)/api/v1/storage", token: admin).json
        #expect(used["files"] as? Int == 2)
        #expect(used["maxFileSize"] as? Int == 4_096)
        let bytesUsed = try #require(used["bytes"] as? Int)
        let set = try await Self.call("PUT", "\(d.http)/api/v1/storage", token: admin, body: Data(#"{"quota": \#(bytesUsed + 100)}"#.utf8))
        #expect(set.json["quota"] as? Int == bytesUsed + 100)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/storage", token: ana).status == 403)
        let over = try await Self.upload(d, to: g, as: ana, bytes: Self.png(200))
        #expect(over.status == 413)
        #expect((over.json["message"] as? String)?.contains("quota of \(bytesUsed + 100) bytes") == true)
        #expect(try await Self.upload(d, to: g, as: ana, bytes: Self.png(50)).status == 201)
    }

    @Test("uploads share a bounded budget of buffered body bytes per service thread: past it a body is refused with 503, nothing kept")
    func bufferedBodyBudget() async throws {
        let d = try await TestDaemon {
            $0.hub.maxBufferedBodyBytes = 16 << 10
            $0.hub.serviceThreads = 1
        }
        defer { Task { await d.stop() } }
        let g = try await d.group("Parts", members: ["ana"])
        let token = try await d.token("ana")
        let busy = try await Self.upload(d, to: g, as: token, bytes: Self.png(20 << 10))
        #expect(busy.status == 503)
        #expect(busy.json["error"] as? String == "unavailable")
        #expect(Self.blobCount(d) == 0)
        // The budget is given back: uploads that fit go on being accepted.
        for _ in 0..<3 { #expect(try await Self.upload(d, to: g, as: token, bytes: Self.png(10 << 10)).status == 201) }
    }

    @Test("a multipart/form-data upload stores its file part under the part's name and type; a truncated one is refused")
    func multipartUpload() async throws {
        let d = try await TestDaemon()
        defer { Task { await d.stop() } }
        let g = try await d.group("Parts", members: ["ana"])
        let token = try await d.token("ana")
        let bytes = Self.png(3_000)
        var body = Data("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n".utf8)
        body += Data("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"valve.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        body += bytes + Data("\r\n--XyZ--\r\n".utf8)
        let up = try await Self.call("POST", "\(d.http)/api/v1/conversations/\(g)/files", token: token,
                                     contentType: "multipart/form-data; boundary=XyZ", body: body)
        #expect(up.status == 201)
        #expect(up.json["name"] as? String == "valve.png")
        #expect(up.json["type"] as? String == "image/png")
        #expect(up.json["size"] as? Int == bytes.count)
        let id = try #require(up.json["id"] as? String)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: token).body == bytes)
        let truncated = try await Self.call("POST", "\(d.http)/api/v1/conversations/\(g)/files", token: token,
                                            contentType: "multipart/form-data; boundary=XyZ", body: body.prefix(200))
        #expect(truncated.status == 400)
        #expect((truncated.json["message"] as? String)?.contains("truncated") == true)
    }

    @Test("a Range request gets 206 with that part of the file; an unsatisfiable one gets 416")
    func ranges() async throws {
        let d = try await TestDaemon()
        defer { Task { await d.stop() } }
        let g = try await d.group("Parts", members: ["ana"])
        let token = try await d.token("ana")
        let bytes = Self.png(10_000)
        let id = try #require(try await Self.upload(d, to: g, as: token, bytes: bytes).json["id"] as? String)
        func get(_ range: String) async throws -> Answer {
            var request = URLRequest(url: URL(string: "\(d.http)/api/v1/files/\(id)")!)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue(range, forHTTPHeaderField: "Range")
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            var headers: [String: String] = [:]
            for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
            return Answer(status: http.statusCode, body: data, headers: headers)
        }
        let middle = try await get("bytes=100-1099")
        #expect(middle.status == 206)
        #expect(middle.body == bytes[100..<1100])
        #expect(middle.headers["content-range"] == "bytes 100-1099/\(bytes.count)")
        let tail = try await get("bytes=-8")
        #expect(tail.body == bytes.suffix(8))
        #expect(try await get("bytes=\(bytes.count)-").status == 416)
    }

    @Test("an upload whose connection breaks before its body is complete stores nothing, and the server goes on")
    func truncatedUpload() async throws {
        let d = try await TestDaemon()
        defer { Task { await d.stop() } }
        let g = try await d.group("Parts", members: ["ana"])
        let token = try await d.token("ana")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(d.daemon.port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        let head = "POST /api/v1/conversations/\(g)/files?filename=half.png HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n" +
            "Content-Type: image/png\r\nContent-Length: 100000\r\n\r\n"
        let half = [UInt8](head.utf8) + [UInt8](Self.png(5_000))
        _ = half.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        try await Task.sleep(for: .milliseconds(200))
        close(fd)
        try await Task.sleep(for: .milliseconds(200))
        #expect(Self.blobCount(d) == 0)
        let used = try await Self.call("GET", "\(d.http)/api/v1/storage", token: try await d.token("admin", admin: true)).json
        #expect(used["files"] as? Int == 0)
        #expect(try await Self.upload(d, to: g, as: token, bytes: Self.png(100)).status == 201)
    }

    @Test("the sweep removes an upload never sent, and its bytes, and what a crash left (an unreferenced blob, a temp file) after the grace; a sent one stays")
    func sweep() async throws {
        let d = try await TestDaemon {
            $0.files.grace = 5  // long enough to send the kept one on a loaded machine
            $0.files.sweepInterval = 0.1
        }
        defer { Task { await d.stop() } }
        let g = try await d.group("Parts", members: ["ana"])
        let token = try await d.token("ana")
        // Connected first, so the kept upload is sent well within the grace even on a loaded machine.
        let ana = try await d.client("ana")
        let kept = try #require(try await Self.upload(d, to: g, as: token, bytes: Self.png(100)).json["id"] as? String)
        ana.send(["type": "send", "id": "k", "conversation": g, "text": "kept", "attachments": [kept]])
        _ = try await ana.next("ack")
        let dropped = try #require(try await Self.upload(d, to: g, as: token, bytes: Self.png(200)).json["id"] as? String)
        // What a kill -9 leaves: a blob renamed into place whose row never committed, and a temp file.
        let orphan = String(repeating: "ab", count: 32)
        try FileManager.default.createDirectory(atPath: d.directory + "/files/blobs/ab", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: d.directory + "/files/blobs/ab/" + orphan, contents: Data("lost".utf8)))
        #expect(FileManager.default.createFile(atPath: d.directory + "/files/tmp/" + orphan + "-1", contents: Data("half".utf8)))
        let deadline = ContinuousClock.now + .seconds(40)
        func tmpEmpty() -> Bool { (try? FileManager.default.contentsOfDirectory(atPath: d.directory + "/files/tmp"))?.isEmpty == true }
        while Self.blobCount(d) > 1 || !tmpEmpty(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(Self.blobCount(d) == 1, "only the sent file's bytes are left")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: d.directory + "/files/tmp"))?.isEmpty == true)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(dropped)", token: token).status == 404)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(kept)", token: token).body == Self.png(100))
    }

    @Test("a signed link downloads without a token until it expires, for its user only while they are a member; a forged one is refused")
    func signedLinks() async throws {
        let d = try await TestDaemon { $0.files.linkLifetime = 2 }
        defer { Task { await d.stop() } }
        let g = try await d.group("Parts", members: ["ana", "li"])
        let id = try #require(try await Self.upload(d, to: g, as: try await d.token("ana"), bytes: Self.png()).json["id"] as? String)
        let ana = try await d.client("ana")
        ana.send(["type": "send", "id": "s", "conversation": g, "text": "look", "attachments": [id]])
        _ = try await ana.next("ack")
        let liToken = try await d.token("li")
        let link = try #require(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)/link", token: liToken).json["url"] as? String)
        #expect(link.hasPrefix("/api/v1/files/\(id)?"))
        #expect(!link.contains(liToken))
        let viaLink = try await Self.call("GET", d.http + link, token: nil)
        #expect(viaLink.status == 200)
        #expect(viaLink.body == Self.png())
        #expect(try await Self.call("GET", d.http + link.replacingOccurrences(of: "u=li", with: "u=bob"), token: nil).status == 403)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: nil).status == 401)
        let bobToken = try await d.token("bob")
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)/link", token: bobToken).status == 404)
        try await Task.sleep(for: .milliseconds(2_200))
        let expired = try await Self.call("GET", d.http + link, token: nil)
        #expect(expired.status == 403)
        #expect((expired.json["message"] as? String)?.contains("expired") == true)

        // A fresh link stops working the moment its user leaves the conversation.
        let fresh = try #require(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)/link", token: liToken).json["url"] as? String)
        let (removed, _) = try await d.request("DELETE", "/api/v1/groups/\(g)/members/li", token: try await d.token("admin", admin: true))
        #expect(removed == 200)
        #expect(try await Self.call("GET", d.http + fresh, token: nil).status == 404)
    }

    @Test("deleting a message takes its files: the message's attachments are gone for readers and its file downloads no more")
    func deleteTakesFiles() async throws {
        let d = try await TestDaemon()
        defer { Task { await d.stop() } }
        let g = try await d.group("Drawings", members: ["ana", "li"])
        let anaToken = try await d.token("ana"), liToken = try await d.token("li")
        let id = try #require(try await Self.upload(d, to: g, as: anaToken, bytes: Self.png()).json["id"] as? String)
        let ana = try await d.client("ana")
        ana.send(["type": "send", "id": "c1", "conversation": g, "text": "the drawing", "attachments": [id]])
        let seq = try #require(try await ana.next("ack").seq)
        #expect(try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: liToken).status == 200)
        ana.send(["type": "delete", "id": "x1", "conversation": g, "seq": seq])
        _ = try await ana.next("ack")
        let deadline = Date().addingTimeInterval(20)
        var status = 200
        while status != 404, Date() < deadline {
            status = try await Self.call("GET", "\(d.http)/api/v1/files/\(id)", token: liToken).status
            if status != 404 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(status == 404, "the deleted message's file is gone")
        let li = try await d.client("li")
        li.send(["type": "history", "id": "h", "conversation": g, "limit": 10])
        let messages = try #require(try await li.next("history")["messages"] as? [[String: Any]])
        let original = try #require(messages.first { ($0["seq"] as? NSNumber)?.int64Value == seq })
        #expect(original["attachments"] == nil, "history no longer lists the files")
        #expect(original["deleted"] != nil)
    }
}
