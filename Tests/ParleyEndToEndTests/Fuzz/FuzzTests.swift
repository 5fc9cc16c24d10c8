import Foundation
import ParleyDomain
import ParleyMinutes
import ParleyText
import Testing

/// Issue 13's fuzzer: generated frames, HTTP bodies and transcripts against a real parleyd process,
/// sent by a member, a partner and an unauthenticated client. After every batch a probe client
/// must still send and receive. A crash, a hang, an unexpected close, or a request id the protocol
/// promises an answer to that gets none fails the run and prints the batch that caused it.
///
/// Fixed seed and counts (override with PARLEY_FUZZ_SEED / PARLEY_FUZZ_FRAMES / PARLEY_FUZZ_BODIES).
@Suite("Fuzzing a real parleyd", .serialized, .timeLimit(.minutes(10)))
struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seed = UInt64(environment["PARLEY_FUZZ_SEED"] ?? "") ?? 20_261_201
    static let frameCount = Int(environment["PARLEY_FUZZ_FRAMES"] ?? "") ?? 20_000
    static let bodyCount = Int(environment["PARLEY_FUZZ_BODIES"] ?? "") ?? 2_000
    static let batch = 250

    /// A fuzzing client and the request ids it still waits answers for.
    final class Sender {
        let name: String
        let user: String
        let tenant: String
        let authenticated: Bool
        var client: TestClient
        var sent: [String] = []

        init(name: String, user: String, tenant: String, authenticated: Bool, client: TestClient) {
            self.name = name
            self.user = user
            self.tenant = tenant
            self.authenticated = authenticated
            self.client = client
        }
    }

    @Test("20,000 frames, 2,000 HTTP bodies (with transcripts) from a member, a partner and an unauthenticated client")
    func fuzz() async throws {
        let dir = NSTemporaryDirectory() + "parley-fuzz-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let daemon = try await DaemonProcess(dataDirectory: dir, environment: [
            "PARLEY_MESSAGES_PER_SECOND": "1000000", "PARLEY_MESSAGES_BURST": "1000000", "PARLEY_MEETING_SILENCE_TIMEOUT": "60",
        ])
        defer { daemon.kill(signal: SIGTERM); _ = daemon.waitForExit(timeout: 15) }
        let admin = try await daemon.token("admin", admin: true)
        let (_, g) = try await HTTP.request("POST", daemon.http + "/api/v1/groups", token: admin,
                                            body: ["title": "Ops", "members": ["alice", "carol", "dave", "pat@partner"], "shares": ["partner"]])
        let (_, t) = try await HTTP.request("POST", daemon.http + "/api/v1/groups", token: admin,
                                            body: ["title": "Regions", "kind": "topics", "members": ["alice", "carol"]])
        let group = try #require(g["id"] as? String)
        let topics = try #require(t["id"] as? String)

        let alice = try await daemon.client("alice")
        alice.send(["type": "meeting.start", "id": "ms", "attendees": ["carol"], "conversation": group])
        let meeting = try #require(try await alice.next("meeting.started")["meeting"] as? String)
        let carol = try await daemon.client("carol")
        let dave = try await daemon.client("dave")
        dave.send(["type": "subscribe", "id": "s", "conversation": group])
        try await dave.next("subscribed")

        let template = try Self.minutesTemplate()
        var fuzzer = FrameFuzzer(seed: Self.seed, context: .init(
            conversations: [group, topics, "*", "g-404", ""], meetings: [meeting, "m-1", "m-\(UInt64.max)"],
            users: ["bob", "carol", "pat@partner", "x@y", "@"], minutesTemplate: template))
        let senders = [
            Sender(name: "member", user: "alice", tenant: "acme", authenticated: true, client: alice),
            Sender(name: "partner", user: "pat", tenant: "partner", authenticated: true, client: try await daemon.client("pat", tenant: "partner")),
            Sender(name: "unauthenticated", user: "", tenant: "", authenticated: false, client: try await TestClient(url: daemon.url)),
        ]
        let shares = [0.5, 0.3, 0.2]
        var sentFrames = 0
        var batchNumber = 0
        var failures: [String] = []
        while sentFrames < Self.frameCount && failures.isEmpty {
            batchNumber += 1
            var pending: [ObjectIdentifier: Set<String>] = [:]
            var batchLog: [String] = []
            for (sender, share) in zip(senders, shares) {
                sender.sent = []
                for _ in 0..<Int(Double(Self.batch) * share) {
                    let frame = fuzzer.next()
                    sender.client.sendRaw(frame.text)
                    sender.sent.append(frame.text)
                    batchLog.append("\(sender.name): \(frame.text.prefix(600))")
                    if sender.authenticated, let id = frame.expectsAnswer { pending[ObjectIdentifier(sender), default: []].insert(id) }
                    sentFrames += 1
                }
            }
            // Every promised answer arrives (errors repeat the request id too).
            let deadline = Date().addingTimeInterval(20)
            for sender in senders {
                var waiting = pending[ObjectIdentifier(sender)] ?? []
                while !waiting.isEmpty && Date() < deadline && !sender.client.isClosed {
                    for frame in sender.client.drain() { if let id = frame["id"] as? String { waiting.remove(id) } }
                    if !waiting.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
                }
                for frame in sender.client.drain() { if let id = frame["id"] as? String { waiting.remove(id) } }
                if sender.authenticated && sender.client.isClosed {
                    failures.append("batch \(batchNumber): the \(sender.name)'s connection was closed (code \(sender.client.connection.closeCode.map(String.init) ?? "none"))")
                } else if !waiting.isEmpty {
                    let frames = sender.sent.filter { text in waiting.contains { text.contains("\"id\":\"\($0)\"") } }
                    failures.append("batch \(batchNumber): no answer to \(waiting.sorted()) from the \(sender.name), e.g. \(frames.prefix(3).map { String($0.prefix(300)) })")
                }
                if sender.client.isClosed {
                    sender.client = sender.authenticated ? try await daemon.client(sender.user, tenant: sender.tenant) : try await TestClient(url: daemon.url)
                }
            }
            // The probe: an ordinary member still sends, and another still receives.
            do {
                guard daemon.isRunning else { throw TestFailure("parleyd exited") }
                let batchNumber = batchNumber
                carol.send(["type": "send", "id": "probe-\(batchNumber)", "conversation": group, "text": "probe \(batchNumber)"])
                try await carol.next("ack", timeout: 10) { $0["id"] as? String == "probe-\(batchNumber)" }
                try await dave.next("message", timeout: 10) { $0.messageText == "probe \(batchNumber)" }
                _ = carol.drain()
            } catch {
                failures.append("batch \(batchNumber): the probe failed (\(error)); parleyd running: \(daemon.isRunning)")
            }
            if !failures.isEmpty { Self.report(batchLog, batch: batchNumber) }
        }
        print("fuzz: \(sentFrames) frames in \(batchNumber) batches (seed \(Self.seed)); failures: \(failures.count)")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")

        // HTTP bodies, transcripts among them.
        var http = HTTPBodyFuzzer(seed: Self.seed &+ 1, frames: fuzzer, group: group)
        let tokens: [HTTPBodyFuzzer.Role: String] = [
            .member: try await daemon.token("alice"), .admin: admin, .bot: try await daemon.token("hook", bot: true),
            .forged: String(try await daemon.token("alice").dropLast(3)) + "abc",
        ]
        var statuses: [Int: Int] = [:]
        var httpFailures: [String] = []
        for n in 0..<Self.bodyCount {
            let request = http.next()
            let status: Int, answer: String
            do {
                (status, answer) = try await HTTP.text(request.method, daemon.http + request.path, token: tokens[request.role],
                                                       body: request.body.isEmpty || request.method == "GET" ? nil : Data(request.body.utf8))
            } catch {
                httpFailures.append("body \(n): \(request.method) \(request.path) -> \(error); body: \(request.body.prefix(600))")
                continue
            }
            statuses[status, default: 0] += 1
            let isJSON = (try? JSONSerialization.jsonObject(with: Data(answer.utf8))) is [String: Any]
            if status >= 500 || status == 0 || !isJSON || (status >= 400 && !answer.contains("\"error\"")) {
                httpFailures.append("body \(n): \(request.method) \(request.path) -> \(status) \(answer.prefix(300)); body: \(request.body.prefix(600))")
            }
            if !daemon.isRunning { httpFailures.append("parleyd exited after body \(n): \(request.body.prefix(600))"); break }
        }
        print("fuzz: \(Self.bodyCount) HTTP bodies; statuses: \(statuses.sorted { $0.key < $1.key })")
        #expect(httpFailures.isEmpty, "\(httpFailures.prefix(10).joined(separator: "\n"))")
        carol.send(["type": "send", "id": "probe-http", "conversation": group, "text": "probe after http"])
        try await carol.next("ack") { $0["id"] as? String == "probe-http" }
    }

    /// A real set of minutes as JSON, for `meeting.correct` frames to start from.
    static func minutesTemplate() throws -> String {
        let minutes = MinutesGenerator(analyzer: ICUTextAnalyzer()).generate(
            utterances: [Utterance(speaker: "Ana", text: "We decided to ship on Monday.", start: 1, end: 4),
                         Utterance(speaker: "Bo", text: "I will write the release notes by Friday.", start: 5, end: 9)],
            info: MeetingInfo(title: "Release", language: .english, date: CalendarDay(year: 2026, month: 5, day: 1), attendees: ["Ana", "Bo"]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(minutes), as: UTF8.self)
    }

    /// Writes the batch that failed where a person can turn it into a regression test.
    static func report(_ frames: [String], batch: Int) {
        let path = NSTemporaryDirectory() + "parley-fuzz-failure-batch-\(batch).txt"
        try? frames.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        print("fuzz: the failing batch's frames are in \(path); the last ones:\n" + frames.suffix(10).joined(separator: "\n"))
    }
}
