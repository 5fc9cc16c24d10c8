import Foundation
import ParleyDomain
import ParleyStore
import Testing

@Suite("PostgreSQL files", .timeLimit(.minutes(2)))
struct FileStoreTests {
    func file(_ id: String, in conversation: String, by uploader: UserRef, size: Int64 = 10, digest: String = "aa", at: Int64 = 1_000) -> StoredFile {
        StoredFile(id: id, conversation: conversation, tenant: "acme", uploader: uploader, name: "\(id).png", size: size, type: "image/png",
                   sha256: digest, createdAt: at)
    }

    func attaching(_ conversation: String, _ id: String, from sender: UserRef, _ files: [String]) -> OutgoingMessage {
        var m = message(conversation, id, text: "see \(id)", from: sender)
        m.attachments = files
        return m
    }

    @Test("a send attaches only the sender's unattached files of that conversation, in the batch's transaction; history carries them")
    func attachInTheWriter() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice, bob]).id
        let h = try await store.createConversation(kind: .group, tenant: "acme", title: "H", members: [alice]).id
        for f in [file("f1", in: g, by: alice), file("f2", in: g, by: bob), file("f3", in: h, by: alice)] {
            #expect(try await store.insertFile(f, quota: nil))
        }
        let first = try await append(store, [attaching(g, "m1", from: alice, ["f1"])])
        let sent = try #require(first.committed.first?.message)
        #expect(sent.attachments == [FileReference(id: "f1", name: "f1.png", size: 10, type: "image/png")])
        #expect(try await store.file("f1")?.messageSeq == sent.seq)

        // Two messages of one batch cannot attach one file; the others break a rule each.
        let refused = try await append(store, [
            attaching(g, "m2", from: alice, ["f2"]),
            attaching(g, "m3", from: alice, ["f3"]),
            attaching(g, "m4", from: alice, ["nope"]),
            attaching(g, "m5", from: alice, ["f1"]),
        ])
        #expect(refused.committed.isEmpty)
        let codes = Dictionary(uniqueKeysWithValues: refused.rejected.map { ($0.clientID, $0.code) })
        #expect(codes == ["m2": .forbidden, "m3": .notFound, "m4": .notFound, "m5": .conflict])

        let retry = try await append(store, [attaching(g, "m1", from: alice, ["f1"])])
        #expect(retry.committed.first?.duplicate == true)
        #expect(retry.committed.first?.message.attachments.map(\.id) == ["f1"])

        let history = try await store.history(in: g, before: nil, limit: 10, topic: nil)
        #expect(history.messages.map { $0.attachments.map(\.id) } == [["f1"]])
        #expect(try await store.detachFiles(conversation: g, seq: sent.seq).map(\.id) == ["f1"])
        #expect(try await store.file("f1") == nil)
        await store.close()
    }

    @Test("the quota refuses an upload that would exceed it; the sweep removes only old unattached files; referenced digests are kept")
    func quotaAndSweep() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let g = try await store.createConversation(kind: .group, tenant: "acme", title: "G", members: [alice]).id
        try await store.setFileQuota(tenant: "acme", bytes: 25)
        #expect(try await store.insertFile(file("a", in: g, by: alice, size: 20, digest: "d1", at: 100), quota: 25))
        #expect(try await !store.insertFile(file("b", in: g, by: alice, size: 6, digest: "d2", at: 100), quota: 25))
        #expect(try await store.insertFile(file("c", in: g, by: alice, size: 5, digest: "d3", at: 900), quota: 25))
        let usage = try await store.fileUsage(tenant: "acme")
        #expect(usage.bytes == 25 && usage.files == 2 && usage.quota == 25)
        _ = try await append(store, [attaching(g, "m", from: alice, ["a"])])
        #expect(try await store.removeUnattachedFiles(createdBefore: 1_000, limit: 10).map(\.id) == ["c"], "a is attached")
        #expect(try await store.referencedDigests(["d1", "d2", "d3"]) == ["d1"])
        await store.close()
    }
}
