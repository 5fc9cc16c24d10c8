// Search benchmark (issue 12): a generated history in 4 languages over 1,000 conversations.
// Prints index size, append throughput with and without the index, and search latency p50/p99 for
// one-word, two-word, CJK and cross-language queries by a user in 50 conversations.
//
//   swift run -c release parley-bench-search [MESSAGES] [--data ../shared/data/tatoeba]
//
// Sentences come from the Tatoeba files when present (en, zh, es, fr), else from a built-in list.
import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleySearch
import ParleyStore
import ParleyStoreSQLite
import ParleyText
import ParleyTranslation
import Synchronization

let arguments = CommandLine.arguments.dropFirst()
let total = arguments.first.flatMap { Int($0) } ?? 1_000_000
let dataDirectory = arguments.firstIndex(of: "--data").map { arguments[arguments.index(after: $0)] } ?? "../shared/data/tatoeba"
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let logger: Logger = {
    var l = Logger(label: "bench")
    l.logLevel = .warning
    return l
}()

func lines(_ name: String) -> [String] {
    let path = (dataDirectory as NSString).appendingPathComponent(name)
    return ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
}
let pools: [(Language, [String])] = {
    let read: [(Language, [String])] = [
        (.english, lines("eng-spa.eng")), (.chinese, lines("eng-cmn_Hans.cmn_Hans")),
        (.spanish, lines("eng-spa.spa")), (.french, lines("eng-fra.fra")),
    ]
    guard read.contains(where: { $0.1.isEmpty }) else { return read }
    print("note: Tatoeba files not found under \(dataDirectory); using a built-in list")
    return [(.english, ["The excavator parts are late.", "The crane needs new cables.", "Ship the loader on Monday."]),
             (.chinese, ["挖掘机的零件下周五到。", "起重机需要新的电缆。", "周一发货装载机。"]),
             (.spanish, ["Las piezas de la excavadora llegan tarde.", "La grúa necesita cables nuevos."]),
             (.french, ["Les pièces de la pelleteuse sont en retard.", "La grue a besoin de nouveaux câbles."])]
}()
// Domain words, so queries have realistic hit counts.
let domain: [(Language, String)] = [(.english, "excavator"), (.chinese, "挖掘机"), (.spanish, "excavadora"), (.french, "pelleteuse")]

let analyzer = ICUTextAnalyzer()
let search = SearchText(analyzer: analyzer)
let user = UserRef(id: "u0", tenant: "acme")

func message(_ i: Int, conversations: [String]) -> OutgoingMessage {
    let (language, pool) = pools[i % pools.count]
    var text = pool[(i / pools.count) % pool.count]
    if i % 50 == 0 { text += " " + domain.first { $0.0 == language }!.1 }
    return OutgoingMessage(conversation: conversations[(i * 7919) % conversations.count], topic: nil,
                           sender: UserRef(id: "s\(i % 300)", tenant: "acme"), senderName: "S", clientID: "b\(i)",
                           text: text, language: language)
}

/// The calling thread's CPU time in µs.
func threadCPU() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// Appends `count` messages in batches of 256 through the group-commit writer from two threads (as
/// the hub's two shards hand over their passes); returns acked messages/s and the writer thread's
/// CPU µs per message. The writer is the serial part: other processes on the machine take cores from
/// it and share its caches, but add nothing to its CPU time, so that figure moves less than the
/// wall-clock rate (docs/benchmarks.md, "Search"). With the index, the index's thread works beside the
/// writer: `caughtUp` is how long after the last ack it held every message, `indexerCPU` its CPU µs
/// per message over the same span.
func append(_ store: SQLiteStore, count: Int, from start: Int, conversations: [String])
    async -> (rate: Double, writerCPU: Double, caughtUp: Double, indexerCPU: Double) {
    let done = DispatchSemaphore(value: 0)
    let remaining = Mutex(count)
    let writerCPU = Mutex(0.0)
    // `onCommit` runs on the writer's thread, after each commit: its CPU clock there is the writer's.
    let writer = SQLiteWriter(store: store) { outcomes, _ in
        let left = remaining.withLock { r -> Int in r -= outcomes.count; return r }
        if left <= 0 { writerCPU.withLock { $0 = threadCPU() }; done.signal() }
    }
    let indexerBefore = store.searchIndexProgress()?.cpuMicros ?? 0
    let clock = ContinuousClock.now
    DispatchQueue.concurrentPerform(iterations: 2) { producer in
        var i = start + producer * 256
        while i < start + count {
            let n = min(256, start + count - i)
            writer.append(contentsOf: (i..<(i + n)).map { (message($0, conversations: conversations), token: UInt64($0)) })
            i += 512
        }
    }
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in DispatchQueue.global().async { done.wait(); c.resume() } }
    let acked = seconds(since: clock)
    var caughtUp = 0.0
    if store.searchText != nil {
        let last = ContinuousClock.now
        guard (try? await store.searchIndexCaughtUp(timeout: 600)) == true else { fatalError("the search index did not catch up in 600 s") }
        caughtUp = seconds(since: last)
    }
    let indexerCPU = (store.searchIndexProgress()?.cpuMicros ?? 0) - indexerBefore
    writer.stop()
    return (Double(count) / acked, writerCPU.withLock { $0 } / Double(count), caughtUp, indexerCPU / Double(count))
}

func makeStore(_ name: String, indexed: Bool) throws -> (SQLiteStore, [String], String) {
    let dir = NSTemporaryDirectory() + "parley-bench-search-\(name)-\(UUID().uuidString)"
    let path = dir + "/parley.sqlite"
    let store = try SQLiteStore(SQLiteConfiguration(path: path, durability: .normal), searchText: indexed ? search : nil, logger: logger)
    var ids: [String] = []
    for c in 0..<1_000 {
        var members = [UserRef(id: "m\(c)", tenant: "acme")]
        if c % 20 == 0 { members.append(user) }  // u0 is in 50 of the 1,000
        ids.append(try store.createConversation(kind: .group, tenant: "acme", title: "c\(c)", members: members, sharedWith: [], id: nil).id)
    }
    try store.rememberLanguages([user: .english, UserRef(id: "m0", tenant: "acme"): .chinese,
                                 UserRef(id: "m20", tenant: "acme"): .spanish, UserRef(id: "m40", tenant: "acme"): .french])
    return (store, ids, dir)
}

func fileSize(_ dir: String) -> Int {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).reduce(0) { sum, file in
        sum + (((try? FileManager.default.attributesOfItem(atPath: dir + "/" + file))?[.size] as? Int) ?? 0)
    }
}

// Appends with and without the index are compared in rounds that alternate (without, with, without,
// with, …), each into a store that keeps growing, so that both meet the same moments of the machine's
// other load and the same database sizes.
let rounds = 3
let compare = min(total, 600_000) / rounds * rounds
do {
    // The cost of cutting one message into search terms (ICU word breaking, folding, CJK pairs).
    let sample = (0..<20_000).map { message($0, conversations: ["c"]) }
    let clock = ContinuousClock.now
    var bytes = 0
    for m in sample { bytes += search.indexForm(m.text, language: m.language).utf8.count }
    let elapsed = ContinuousClock.now - clock
    let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(sample.count)
    print(String(format: "index form: %.1f µs per message on one core (%d bytes of terms for 20,000 messages)", micros, bytes))
}
print("messages: \(total) over 1,000 conversations in en, zh, es, fr; the asker is in 50 conversations")
let (plain, plainIDs, plainDir) = try makeStore("plain", indexed: false)
let (indexed, ids, dir) = try makeStore("indexed", indexed: true)
var spent = (without: 0.0, with: 0.0, caughtUp: 0.0, writerWithout: 0.0, writerWith: 0.0, indexer: 0.0)
for round in 0..<rounds {
    let n = compare / rounds, from = round * n
    let without = await append(plain, count: n, from: from, conversations: plainIDs)
    let with = await append(indexed, count: n, from: from, conversations: ids)
    print(String(format: "round %d (%d messages each way): without index %.0f msg/s, with index %.0f msg/s (%.1f%%); writer CPU %.1f / %.1f µs per message; index thread %.1f µs per message, every message indexed %.0f ms after the last ack",
                 round + 1, n, without.rate, with.rate, 100 * with.rate / without.rate, without.writerCPU, with.writerCPU,
                 with.indexerCPU, with.caughtUp * 1000))
    spent.without += Double(n) / without.rate
    spent.with += Double(n) / with.rate
    spent.caughtUp += with.caughtUp
    spent.writerWithout += without.writerCPU * Double(n)
    spent.writerWith += with.writerCPU * Double(n)
    spent.indexer += with.indexerCPU * Double(n)
}
plain.close()
let rateWithout = Double(compare) / spent.without, rateWith = Double(compare) / spent.with
let rateIndexed = Double(compare) / (spent.with + spent.caughtUp)
print(String(format: "append, group commit (%d messages in %d rounds, batches of 256): without index %.0f msg/s, with index %.0f msg/s (%.1f%% of it)",
             compare, rounds, rateWithout, rateWith, 100 * rateWith / rateWithout))
print(String(format: "writer thread CPU per message: without index %.1f µs, with index %.1f µs (without/with: %.1f%%)",
             spent.writerWithout / Double(compare), spent.writerWith / Double(compare), 100 * spent.writerWithout / spent.writerWith))
print(String(format: "index thread: %.1f µs CPU per message beside the writer; counting until every message was indexed: %.0f msg/s (%.1f%% of the rate without index)",
             spent.indexer / Double(compare), rateIndexed, 100 * rateIndexed / rateWithout))
let plainSize = fileSize(plainDir)
if total > compare { _ = await append(indexed, count: total - compare, from: compare, conversations: ids) }
indexed.close()
let reopened = try SQLiteStore(SQLiteConfiguration(path: dir + "/parley.sqlite", durability: .normal), searchText: search, logger: logger)
let size = fileSize(dir)
let indexSize = ((try? FileManager.default.attributesOfItem(atPath: dir + "/parley.sqlite.search"))?[.size] as? Int) ?? 0
print(String(format: "database: %.1f MB for %d messages with the index, of which the index file %.1f MB; %.1f MB for %d without (index ≈ %.0f bytes per message)",
             Double(size) / 1e6, total, Double(indexSize) / 1e6, Double(plainSize) / 1e6, compare,
             Double(size) / Double(total) - Double(plainSize) / Double(compare)))

let translator = try Translator(dictionaryDirectory: root.appendingPathComponent("Dictionaries"), analyzer: analyzer, configuration: TranslationConfiguration())
let desk = SearchDesk(store: reopened, searchText: search, localizer: translator, logger: logger)
let reader = SearchReader(identity: Identity(user: user, name: "U0", language: .english), language: .english)

func measure(_ label: String, _ queries: [(String, Language)], rounds: Int = 200) async {
    var samples: [Double] = []
    var hits = 0
    for r in 0..<rounds {
        let (query, language) = queries[r % queries.count]
        var asker = reader
        asker.identity.language = language
        let box = Mutex<[UInt8]>([])
        let start = ContinuousClock.now
        await desk.handle(SearchRequest(query: query, limit: 20), requestID: "b", from: asker, reply: ExtensionReplier { bytes in box.withLock { $0 = bytes } })
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        if box.withLock({ String(decoding: $0, as: UTF8.self).contains("\"matched\"") }) { hits += 1 }
    }
    samples.sort()
    let p50 = samples[samples.count / 2], p99 = samples[min(samples.count - 1, samples.count * 99 / 100)]
    print(String(format: "%-34@ p50 %7.2f ms   p99 %7.2f ms   (%d/%d queries found something)", label as NSString, p50, p99, hits, rounds))
}

await measure("one word (en)", [("excavator", .english), ("cables", .english), ("Tom", .english), ("house", .english)])
await measure("two words (en)", [("excavator parts", .english), ("Tom wants", .english), ("I think", .english)])
await measure("CJK (zh)", [("挖掘机", .chinese), ("我们", .chinese), ("电缆", .chinese), ("他", .chinese)])
await measure("cross-language (es query)", [("excavadora", .spanish), ("casa", .spanish), ("perro", .spanish)])
try? FileManager.default.removeItem(atPath: dir)
try? FileManager.default.removeItem(atPath: plainDir)
