import Foundation
import GRDB
import Logging
import ParleyDomain
import ParleyStore
@testable import ParleyStoreSQLite
import Synchronization
import Testing

/// The message index lives in a file of its own, written by its own thread (`SQLiteSearchIndex`).
@Suite("SQLite search index", .timeLimit(.minutes(5)))
struct SearchIndexTests {
    let alice = UserRef(id: "alice", tenant: "acme")
    let searchText = SearchText(analyzer: WordAnalyzer())

    func open(_ path: String, search: Bool = true, queueLimit: Int? = nil) throws -> SQLiteStore {
        var configuration = SQLiteConfiguration(path: path, durability: .normal)
        if let queueLimit { configuration.searchQueueLimit = queueLimit }
        return try SQLiteStore(configuration, searchText: search ? searchText : nil, logger: Logger(label: "test"))
    }

    func newPath() -> String { NSTemporaryDirectory() + "parley-index-\(UUID().uuidString)/db.sqlite" }

    /// Appends through the writer; returns once every message is acked.
    func append(_ store: SQLiteStore, _ conversation: String, _ texts: [String]) async {
        let left = Mutex(texts.count)
        let done = AsyncStream<Void>.makeStream()
        let writer = SQLiteWriter(store: store) { outcomes, failures in
            if left.withLock({ $0 -= outcomes.count + failures.count; return $0 }) <= 0 { done.continuation.yield() }
        }
        for text in texts {
            writer.append(OutgoingMessage(conversation: conversation, topic: nil, sender: alice, senderName: "Alice",
                                          clientID: UUID().uuidString, text: text, language: .english), token: 0)
        }
        for await _ in done.stream { break }
        writer.stop()
    }

    /// The texts of the messages in `conversation` that have `word`, newest first.
    func find(_ store: SQLiteStore, _ word: String, in conversation: String) async throws -> [String] {
        try await store.search(MessageSearch(terms: [word], conversations: [conversation], limit: 50)).map(\.message.text)
    }

    @Test("a message is found as soon as it is acked, newest first, however far behind the index thread is")
    func foundWhenAcked() async throws {
        let store = try open(newPath())
        let c = try await store.createConversation(kind: .group, tenant: "acme", title: "C", members: [alice])
        for round in 0..<20 {
            await append(store, c.id, ["crane \(round) a", "crane \(round) b"])
            let found = try await find(store, "crane", in: c.id)
            #expect(found.count == 2 * (round + 1))
            #expect(found.first == "crane \(round) b")
        }
        #expect(try await find(store, "excavator", in: c.id).isEmpty)
        store.close()
    }

    @Test("messages past the in-memory hand-over limit are read back from the database and found")
    func pastTheQueueLimit() async throws {
        let store = try open(newPath(), queueLimit: 3)
        let c = try await store.createConversation(kind: .group, tenant: "acme", title: "C", members: [alice])
        for round in 0..<5 {
            await append(store, c.id, (0..<10).map { "valve \(round) \($0)" })
        }
        let found = try await find(store, "valve", in: c.id)
        #expect(found.count == 50)
        #expect(found.first == "valve 4 9")
        #expect(found.last == "valve 0 0")
        store.close()
    }

    @Test("a deleted index file is rebuilt from the messages at the next start")
    func rebuiltWhenDeleted() async throws {
        let path = newPath()
        var store = try open(path)
        let c = try await store.createConversation(kind: .group, tenant: "acme", title: "C", members: [alice])
        await append(store, c.id, ["the loader is late", "the crane is early", "the loader ships"])
        store.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + ".search" + suffix) }
        #expect(!FileManager.default.fileExists(atPath: path + ".search"))
        store = try open(path)
        #expect(try await find(store, "loader", in: c.id) == ["the loader ships", "the loader is late"])
        #expect(FileManager.default.fileExists(atPath: path + ".search"))
        store.close()
    }

    @Test("a damaged index file is replaced and rebuilt; the messages are untouched")
    func damagedIndexFile() async throws {
        let path = newPath()
        var store = try open(path)
        let c = try await store.createConversation(kind: .group, tenant: "acme", title: "C", members: [alice])
        await append(store, c.id, ["pump station one", "pump station two"])
        store.close()
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + ".search" + suffix) }
        try Data(repeating: 0x5A, count: 8_192).write(to: URL(fileURLWithPath: path + ".search"))
        store = try open(path)
        #expect(try await find(store, "pump", in: c.id) == ["pump station two", "pump station one"])
        #expect(try store.catchUp(in: c.id, after: 0, limit: 10, topics: nil).messages.count == 2)
        store.close()
    }

    @Test("messages written while search was off are numbered and indexed at the next start with search")
    func writtenWithoutSearch() async throws {
        let path = newPath()
        var store = try open(path)
        let c = try await store.createConversation(kind: .group, tenant: "acme", title: "C", members: [alice])
        await append(store, c.id, ["glass panels first"])
        store.close()
        store = try open(path, search: false)
        await append(store, c.id, ["glass panels second", "glass panels third"])
        store.close()
        store = try open(path)
        #expect(try await find(store, "panels", in: c.id) == ["glass panels third", "glass panels second", "glass panels first"])
        let positions = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message_positions") }
        #expect(positions == 3)
        store.close()
    }

    @Test("an index ahead of its messages (a database restored from a backup) is rebuilt, not trusted")
    func indexAheadOfMessages() async throws {
        let ahead = newPath(), behind = newPath()
        var store = try open(ahead)
        var c = try store.createConversation(kind: .group, tenant: "acme", title: "C", members: [alice], sharedWith: [], id: "c1")
        await append(store, c.id, ["first old", "second old", "third old", "fourth old"])
        store.close()
        store = try open(behind)
        c = try store.createConversation(kind: .group, tenant: "acme", title: "C", members: [alice], sharedWith: [], id: "c1")
        await append(store, c.id, ["first new"])
        store.close()
        // The "restored" database has one position; the index beside it reaches four.
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: behind + ".search" + suffix)
            try? FileManager.default.copyItem(atPath: ahead + ".search" + suffix, toPath: behind + ".search" + suffix)
        }
        store = try open(behind)
        #expect(try await find(store, "old", in: c.id).isEmpty)
        #expect(try await find(store, "first", in: c.id) == ["first new"])
        store.close()
    }
}

/// Words are runs of letters and digits; keys are lower-cased (ICU's analyzer in production).
struct WordAnalyzer: TextAnalyzing {
    func sentences(in text: String, language: Language) -> [Substring] { [text[...]] }
    func words(in text: String, language: Language) -> [Substring] { text.split { !$0.isLetter && !$0.isNumber } }
    func composed(_ text: String) -> String { text }
    func matchingKey(_ text: String, language: Language) -> String { text.lowercased() }
    func dominantScript(of text: String) -> String { "Latn" }
    func transliterate(_ text: String, transform: String) -> String { text }
}
