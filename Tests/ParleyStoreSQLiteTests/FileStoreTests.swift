import Foundation
import Logging
import ParleyDomain
import ParleyStore
import ParleyStoreSQLite
import Synchronization
import Testing

@Suite("SQLite files", .timeLimit(.minutes(2)))
struct FileStoreTests {
    let ana = UserRef(id: "ana", tenant: "acme")
    let bob = UserRef(id: "bob", tenant: "acme")

    func file(_ id: String, in conversation: String, by uploader: UserRef, size: Int64 = 10, digest: String = "aa", at: Int64 = 1_000) -> StoredFile {
        StoredFile(id: id, conversation: conversation, tenant: "acme", uploader: uploader, name: "\(id).png", size: size, type: "image/png",
                   sha256: digest, createdAt: at)
    }

    /// Appends through the writer and waits for every outcome, committed or refused.
    func append(_ store: SQLiteStore, _ messages: [OutgoingMessage]) async -> (committed: [CommittedMessage], rejected: [RejectedMessage]) {
        let collected = Mutex<([CommittedMessage], [RejectedMessage])>(([], []))
        let done = AsyncStream<Void>.makeStream()
        let writer = SQLiteWriter(store: store) { outcomes, failures in
            let n = collected.withLock { $0.0 += outcomes; $0.1 += failures; return $0.0.count + $0.1.count }
            if n >= messages.count { done.continuation.yield() }
        }
        for (i, m) in messages.enumerated() { writer.append(m, token: UInt64(i)) }
        for await _ in done.stream { break }
        writer.stop()
        return collected.withLock { $0 }
    }

    func message(_ conversation: String, _ id: String, from sender: UserRef, attaching files: [String]) -> OutgoingMessage {
        var m = OutgoingMessage(conversation: conversation, topic: nil, sender: sender, senderName: sender.id, clientID: id, text: "see \(id)",
                                language: .english)
        m.attachments = files
        return m
    }

    @Test("a send attaches only the sender's unattached files of that conversation, in the message's transaction; history carries them")
    func attachInTheWriter() async throws {
        let store = try SQLiteStore(SQLiteConfiguration(path: NSTemporaryDirectory() + "parley-files-\(UUID().uuidString)/db.sqlite", durability: .normal),
                                    logger: Logger(label: "test"))
        defer { store.close() }
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [ana, bob]).id
        let h = try await store.createConversation(kind: .group, tenant: "acme", title: "H", members: [ana]).id
        for f in [file("f1", in: g, by: ana), file("f2", in: g, by: bob), file("f3", in: h, by: ana)] {
            #expect(try store.insertFile(f, quota: nil))
        }
        let first = await append(store, [message(g, "m1", from: ana, attaching: ["f1"])])
        let sent = try #require(first.committed.first?.message)
        #expect(sent.attachments == [FileReference(id: "f1", name: "f1.png", size: 10, type: "image/png")])
        #expect(try store.file("f1")?.messageSeq == sent.seq)

        let refused = await append(store, [
            message(g, "m2", from: ana, attaching: ["f2"]),      // bob's
            message(g, "m3", from: ana, attaching: ["f3"]),      // another conversation's
            message(g, "m4", from: ana, attaching: ["nope"]),    // none
            message(g, "m5", from: ana, attaching: ["f1"]),      // already sent
        ])
        #expect(refused.committed.isEmpty)
        let codes = Dictionary(uniqueKeysWithValues: refused.rejected.map { ($0.clientID, $0.code) })
        #expect(codes == ["m2": .forbidden, "m3": .notFound, "m4": .notFound, "m5": .conflict])
        #expect(refused.rejected.allSatisfy { r in ["f1", "f2", "f3", "nope"].contains { r.reason.contains("file \($0)") } })

        // A retry of the sent message is the same message, not a conflict over its own file.
        let retry = await append(store, [message(g, "m1", from: ana, attaching: ["f1"])])
        #expect(retry.committed.first?.duplicate == true)
        #expect(retry.committed.first?.message.attachments.map(\.id) == ["f1"])

        let history = try await store.history(in: g, before: nil, limit: 10, topic: nil)
        #expect(history.messages.map { $0.attachments.map(\.id) } == [["f1"]])
        #expect(try store.files(conversation: g, seq: sent.seq).map(\.id) == ["f1"])
        #expect(try store.detachFiles(conversation: g, seq: sent.seq).map(\.id) == ["f1"])
        #expect(try store.file("f1") == nil)
    }

    @Test("the quota refuses an upload that would exceed it; the sweep removes only old unattached files; referenced digests are kept")
    func quotaAndSweep() async throws {
        let store = try SQLiteStore(SQLiteConfiguration(path: NSTemporaryDirectory() + "parley-files-\(UUID().uuidString)/db.sqlite", durability: .normal),
                                    logger: Logger(label: "test"))
        defer { store.close() }
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [ana]).id
        try store.setFileQuota(tenant: "acme", bytes: 25)
        #expect(try store.insertFile(file("a", in: g, by: ana, size: 20, digest: "d1", at: 100), quota: 25))
        #expect(try !store.insertFile(file("b", in: g, by: ana, size: 6, digest: "d2", at: 100), quota: 25))
        #expect(try store.insertFile(file("c", in: g, by: ana, size: 5, digest: "d3", at: 900), quota: 25))
        let usage = try store.fileUsage(tenant: "acme")
        #expect(usage.bytes == 25 && usage.files == 2 && usage.quota == 25)
        _ = await append(store, [message(g, "m", from: ana, attaching: ["a"])])
        #expect(try store.removeUnattachedFiles(createdBefore: 1_000, limit: 10).map(\.id) == ["c"], "a is attached")
        #expect(try store.file("a") != nil)
        #expect(try store.referencedDigests(["d1", "d2", "d3"]) == ["d1"])
        try store.setFileQuota(tenant: "acme", bytes: nil)
        #expect(try store.fileUsage(tenant: "acme").quota == nil)
    }
}
