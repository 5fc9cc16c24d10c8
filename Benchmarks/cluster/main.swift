// Cluster benchmark (issue 10): PostgreSQL against SQLite, and one node against two, in one run.
//
//   swift build -c release --product parleyd && swift build -c release --product parley-bench-cluster
//   scripts/throwaway-postgres .build/release/parley-bench-cluster [--senders 50] [--seconds 5]
//                                   [--subscribers 200] [--messages 200] [--rate 50]
//
// Needs PARLEY_TEST_POSTGRES_URL (scripts/throwaway-postgres sets it) and psql. Every scenario starts
// fresh parleyd processes (.build/release/parleyd, or --parleyd PATH) on new databases:
//   1. durable sends: N senders, one message in flight each, for S seconds; acks/s and ack latency,
//      on SQLite (durability full), on PostgreSQL with one node, and with the senders split over two nodes;
//   2. fan-out latency: a paced publisher on node A, subscribers split over nodes A and B; the time
//      from send to delivery (one clock: same machine) for subscribers on the publisher's node and on
//      the other node, against the same load on one SQLite node.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ParleyClient
import ParleyDaemon
import ParleyDomain
import Synchronization

// MARK: Arguments

enum Config {
    static let options: [String: String] = {
        var options: [String: String] = [:]
        var args = Array(CommandLine.arguments.dropFirst())
        while let key = args.first, key.hasPrefix("--"), args.count >= 2 {
            options[String(key.dropFirst(2))] = args[1]
            args.removeFirst(2)
        }
        return options
    }()
    static func option(_ name: String, _ fallback: Int) -> Int { options[name].flatMap(Int.init) ?? fallback }
    static let senders = option("senders", 50)
    static let seconds = option("seconds", 5)
    static let subscribers = option("subscribers", 200)
    static let messages = option("messages", 200)
    static let rate = option("rate", 50)
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let parleyd = options["parleyd"] ?? root.appendingPathComponent(".build/release/parleyd").path
    static let server = ProcessInfo.processInfo.environment["PARLEY_TEST_POSTGRES_URL"] ?? ""
}
guard !Config.server.isEmpty else {
    print("parley-bench-cluster: no PostgreSQL; run it under scripts/throwaway-postgres")
    exit(2)
}
let (senders, seconds, subscribers, messages, rate) = (Config.senders, Config.seconds, Config.subscribers, Config.messages, Config.rate)

// MARK: Nodes

func psql(_ sql: String) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
    p.arguments = [Config.server, "-v", "ON_ERROR_STOP=1", "-qtAc", sql]
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw BenchError("psql \(sql) failed") }
}

func freshDatabase() throws -> String {
    let name = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    try psql("CREATE DATABASE \(name)")
    var c = URLComponents(string: Config.server)!
    c.path = "/" + name
    return c.string!
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A parleyd process on a free port.
final class Node: @unchecked Sendable {
    let process = Process()
    let port: Int
    let dir: String

    init(storeURL: String?, secretFile: String) throws {
        dir = NSTemporaryDirectory() + "parley-bench-node-\(UUID().uuidString)"
        process.executableURL = URL(fileURLWithPath: Config.parleyd)
        process.arguments = ["--port", "0", "--data-dir", dir, "--dictionaries", Config.root.appendingPathComponent("Dictionaries").path]
            + (storeURL.map { ["--store-url", $0] } ?? [])
        process.environment = ProcessInfo.processInfo.environment.merging([
            "PARLEY_SIGNING_SECRET_FILE": secretFile, "PARLEY_MESSAGES_PER_SECOND": "1000000", "PARLEY_MESSAGES_BURST": "1000000",
            "PARLEY_DURABILITY": "full", "PARLEY_LOG_LEVEL": "notice",
        ]) { $1 }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var log = ""
        while true {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { throw BenchError("parleyd exited: \(log)") }
            log += String(decoding: chunk, as: UTF8.self)
            if let r = log.range(of: #"hub\.port=(\d+)"#, options: .regularExpression) {
                port = Int(log[r].dropFirst("hub.port=".count))!
                let handle = pipe.fileHandleForReading
                Thread { while !handle.availableData.isEmpty {} }.start()
                return
            }
        }
    }

    var url: String { "ws://127.0.0.1:\(port)/ws" }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dir)
    }
}

nonisolated(unsafe) let secretFile = NSTemporaryDirectory() + "parley-bench-secret-\(UUID().uuidString)"
try Data((0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined().utf8).write(to: URL(fileURLWithPath: secretFile))
enum Tokens {
    static let secret = (try? String(contentsOfFile: secretFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
}

func token(_ user: String, admin: Bool = false) async throws -> String {
    try await TokenAuthority(secret: Tokens.secret).mint(Identity(user: UserRef(id: user, tenant: "acme"), name: user, language: .english, isAdmin: admin, isBot: false))
}

func createGroup(on node: Node, members: [String]) async throws -> String {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(node.port)/api/v1/groups")!)
    request.httpMethod = "POST"
    request.setValue("Bearer \(try await token("admin", admin: true))", forHTTPHeaderField: "Authorization")
    request.httpBody = try JSONSerialization.data(withJSONObject: ["title": "bench", "members": members])
    let (data, _) = try await URLSession.shared.data(for: request)
    guard let id = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String else {
        throw BenchError("group creation failed: \(String(decoding: data, as: UTF8.self))")
    }
    return id
}

/// A signed-in client and its frames.
final class Client: @unchecked Sendable {
    let connection: ParleyConnection
    var iterator: AsyncStream<ParleyConnection.Frame>.Iterator

    init(_ node: Node, user: String) async throws {
        connection = try await ParleyConnection.connect(url: node.url)
        iterator = connection.frames.makeAsyncIterator()
        connection.send(["type": "hello", "version": 1, "token": try await token(user)])
        _ = try await next("welcome")
    }

    func next(_ type: String) async throws -> ParleyConnection.Frame {
        while let f = await iterator.next() { if f.type == type { return f } }
        throw BenchError("connection closed while waiting for \(type)")
    }

    func subscribe(_ g: String) async throws {
        connection.send(["type": "subscribe", "conversation": g])
        _ = try await next("subscribed")
    }
}

final class Collected: Sendable {
    private let values = Mutex<[Double]>([])
    func add(_ v: [Double]) { values.withLock { $0 += v } }
    var all: [Double] { values.withLock { $0 } }
}

final class CollectedByKey: Sendable {
    private let values = Mutex<[String: [Double]]>([:])
    func add(_ key: String, _ v: [Double]) { values.withLock { $0[key, default: []] += v } }
    var all: [String: [Double]] { values.withLock { $0 } }
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func now() -> Double { Date().timeIntervalSince1970 * 1000 }

// MARK: 1. Durable sends

func durableSends(_ label: String, nodes: [Node]) async throws -> Double {
    let (senders, seconds) = (Config.senders, Config.seconds)
    let group = try await createGroup(on: nodes[0], members: (0..<senders).map { "s\($0)" })
    try await Task.sleep(for: .milliseconds(300))  // the directory change reaches the other node
    let latencies = Collected()
    let deadline = now() + Double(seconds) * 1000
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        for s in 0..<senders {
            tasks.addTask {
                let c = try await Client(nodes[s % nodes.count], user: "s\(s)")
                var i = 0
                var mine: [Double] = []
                while now() < deadline {
                    i += 1
                    let start = now()
                    c.connection.send(["type": "send", "id": "d\(s)-\(i)", "conversation": group, "text": "durable \(i)"])
                    _ = try await c.next("ack")
                    mine.append(now() - start)
                }
                latencies.add(mine)
                c.connection.close()
            }
        }
        try await tasks.waitForAll()
    }
    let all = latencies.all
    let perSecond = Double(all.count) / Double(seconds)
    print(String(format: "| durable sends | %@ | %d senders, %d s | %.0f acks/s | %.1f ms | %.1f ms |",
                 label, senders, seconds, perSecond, percentile(all, 0.5), percentile(all, 0.99)))
    return perSecond
}

// MARK: 2. Fan-out latency

func fanOut(_ label: String, nodes: [Node]) async throws -> [String: [Double]] {
    let (subscribers, messages, rate) = (Config.subscribers, Config.messages, Config.rate)
    let members = (0..<subscribers).map { "r\($0)" } + ["pub"]
    let group = try await createGroup(on: nodes[0], members: members)
    try await Task.sleep(for: .milliseconds(300))
    var clients: [(Client, Int)] = []
    for r in 0..<subscribers {
        let nodeIndex = r % nodes.count
        let c = try await Client(nodes[nodeIndex], user: "r\(r)")
        try await c.subscribe(group)
        clients.append((c, nodeIndex))
    }
    let publisher = try await Client(nodes[0], user: "pub")
    let results = CollectedByKey()
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        for (c, nodeIndex) in clients {
            tasks.addTask {
                var mine: [Double] = []
                while mine.count < messages {
                    let f = try await c.next("message")
                    guard let text = f["text"] as? String, let sent = Double(text.split(separator: " ").last ?? "") else { continue }
                    mine.append(now() - sent)
                }
                let key = nodeIndex == 0 ? "same node" : "other node"
                results.add(key, mine)
            }
        }
        tasks.addTask {
            for i in 0..<messages {
                publisher.connection.send(["type": "send", "id": "f\(i)", "conversation": group, "text": "at \(String(format: "%.3f", now()))"])
                try await Task.sleep(for: .microseconds(1_000_000 / rate))
            }
        }
        try await tasks.waitForAll()
    }
    for (c, _) in clients { c.connection.close() }
    publisher.connection.close()
    let all = results.all
    for key in all.keys.sorted() {
        let v = all[key]!
        print(String(format: "| fan-out latency | %@, subscribers on the %@ | %d subscribers, %d msgs at %d/s | %d deliveries | %.1f ms | %.1f ms |",
                     label, key, subscribers, messages, rate, v.count, percentile(v, 0.5), percentile(v, 0.99)))
    }
    return all
}

print("parley-bench-cluster: \(ProcessInfo.processInfo.activeProcessorCount) cores; parleyd \(Config.parleyd)")
print("")
print("| scenario | store and nodes | load | result | p50 | p99 |")
print("|---|---|---|---|---|---|")

var node = try Node(storeURL: nil, secretFile: secretFile)
let sqliteRate = try await durableSends("SQLite, 1 node", nodes: [node])
node.stop()
var url = try freshDatabase()
node = try Node(storeURL: url, secretFile: secretFile)
let pgRate = try await durableSends("PostgreSQL, 1 node", nodes: [node])
node.stop()
url = try freshDatabase()
var pair = [try Node(storeURL: url, secretFile: secretFile), try Node(storeURL: url, secretFile: secretFile)]
let pgPairRate = try await durableSends("PostgreSQL, 2 nodes", nodes: pair)
for n in pair { n.stop() }

node = try Node(storeURL: nil, secretFile: secretFile)
_ = try await fanOut("SQLite, 1 node", nodes: [node])
node.stop()
url = try freshDatabase()
pair = [try Node(storeURL: url, secretFile: secretFile), try Node(storeURL: url, secretFile: secretFile)]
_ = try await fanOut("PostgreSQL, 2 nodes", nodes: pair)
for n in pair { n.stop() }

print("")
print(String(format: "durable sends, PostgreSQL/SQLite: ×%.2f (1 node), ×%.2f (2 nodes)", pgRate / sqliteRate, pgPairRate / sqliteRate))
try? FileManager.default.removeItem(atPath: secretFile)
