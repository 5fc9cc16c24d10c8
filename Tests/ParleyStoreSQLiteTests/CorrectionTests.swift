import Foundation
import Logging
import ParleyDomain
import ParleyStore
@testable import ParleyStoreSQLite
import Testing

@Suite("SQLite translation suggestions and memory", .timeLimit(.minutes(5)))
struct CorrectionTests {
    let li = UserRef(id: "li", tenant: "acme")
    let boss = UserRef(id: "boss", tenant: "acme")

    func suggestion(_ id: String, tenant: String = "acme", text: String = "Please send me the report.", at: Int64 = 1_000,
                    state: TranslationSuggestion.State = .pending) -> TranslationSuggestion {
        TranslationSuggestion(id: id, tenant: tenant, conversation: "g-1", seq: 1, source: .chinese, target: .english,
                              sourceText: "请把报告发给我。", suggestedText: text, author: li, state: state, createdAt: at,
                              decidedAt: state == .pending ? nil : at, decidedBy: state == .pending ? nil : li)
    }

    @Test("suggestions wait, are decided once, and accepted ones are the tenant's memory after a reopen")
    func lifecycle() async throws {
        let path = NSTemporaryDirectory() + "parley-store-\(UUID().uuidString)/db.sqlite"
        let store = try SQLiteStore(SQLiteConfiguration(path: path, durability: .normal), logger: Logger(label: "test"))
        try store.addSuggestion(suggestion("ts-1", at: 1_000), memoryKey: "请把报告发给我")
        try store.addSuggestion(suggestion("ts-2", text: "Send me the report!", at: 2_000), memoryKey: "请把报告发给我")
        try store.addSuggestion(suggestion("ts-3", tenant: "globex", at: 3_000), memoryKey: "请把报告发给我")
        #expect(throws: StoreError.self) { try store.addSuggestion(suggestion("ts-1"), memoryKey: "k") }
        #expect(try store.suggestions(tenant: "acme", state: .pending, limit: 10).map(\.id) == ["ts-1", "ts-2"])
        #expect(try store.suggestions(tenant: "acme", state: .pending, limit: 1).map(\.id) == ["ts-1"])
        #expect(try store.memoryEntries(acceptedSince: 0).isEmpty, "nothing is in the memory before an admin accepts")

        let accepted = try store.decideSuggestion("ts-1", accept: true, by: boss, at: 5_000, memoryKey: "请把报告发给我")
        #expect(accepted.state == .accepted)
        #expect(accepted.decidedBy == boss)
        #expect(accepted.decidedAt == 5_000)
        let again = #expect(throws: StoreError.self) { try store.decideSuggestion("ts-1", accept: false, by: boss, at: 6_000, memoryKey: "k") }
        #expect(again?.kind == .conflict)
        let missing = #expect(throws: StoreError.self) { try store.decideSuggestion("ts-9", accept: true, by: boss, at: 6_000, memoryKey: "k") }
        #expect(missing?.kind == .notFound)
        // A later acceptance for the same source key replaces the entry.
        _ = try store.decideSuggestion("ts-2", accept: true, by: boss, at: 7_000, memoryKey: "请把报告发给我")
        var entries = try store.memoryEntries(acceptedSince: 0)
        #expect(entries.map(\.correctedText) == ["Send me the report!"])
        #expect(entries.first?.tenant == "acme")
        #expect(entries.first?.author == "li@acme")
        #expect(entries.first?.acceptedAt == Date(timeIntervalSince1970: 7))
        #expect(try store.suggestions(tenant: "acme", state: .accepted, limit: 10).map(\.id) == ["ts-1", "ts-2"])
        #expect(try store.suggestions(tenant: "acme", state: .pending, limit: 10).isEmpty)
        #expect(try store.suggestions(tenant: "globex", state: .pending, limit: 10).map(\.id) == ["ts-3"])

        // Accepted at once (an auto-accepted author): in the memory without a decision.
        try store.addSuggestion(suggestion("ts-4", tenant: "globex", text: "Send me that report.", at: 8_000, state: .accepted), memoryKey: "请把报告发给我")
        store.close()

        let reopened = try SQLiteStore(SQLiteConfiguration(path: path, durability: .normal), logger: Logger(label: "test"))
        entries = try reopened.memoryEntries(acceptedSince: 0)
        #expect(entries.map(\.tenant) == ["acme", "globex"])
        #expect(entries.map(\.correctedText) == ["Send me the report!", "Send me that report."])
        #expect(try reopened.memoryEntries(acceptedSince: 7_001).map(\.tenant) == ["globex"], "what was accepted since")
        #expect(try reopened.suggestion("ts-3")?.state == .pending)
        #expect(try reopened.suggestion("ts-1")?.suggestedText == "Please send me the report.")
        reopened.close()
    }

    @Test("the auto-accepted authors are a tenant's own list, replaced as a whole")
    func autoAccept() throws {
        let store = try SQLiteStore(SQLiteConfiguration(path: NSTemporaryDirectory() + "parley-store-\(UUID().uuidString)/db.sqlite",
                                                        durability: .normal), logger: Logger(label: "test"))
        #expect(try store.autoAcceptedAuthors(tenant: "acme").isEmpty)
        try store.setAutoAcceptedAuthors([li, boss, li], tenant: "acme")
        try store.setAutoAcceptedAuthors([UserRef(id: "x", tenant: "globex")], tenant: "globex")
        #expect(try store.autoAcceptedAuthors(tenant: "acme") == [boss, li])
        try store.setAutoAcceptedAuthors([boss], tenant: "acme")
        #expect(try store.autoAcceptedAuthors(tenant: "acme") == [boss])
        #expect(try store.autoAcceptedAuthors(tenant: "globex").map(\.id) == ["x"])
        store.close()
    }
}
