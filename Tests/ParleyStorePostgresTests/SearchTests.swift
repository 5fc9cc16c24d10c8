import Foundation
import ParleyDomain
import ParleyStore
@testable import ParleyStorePostgres
import Testing

@Suite("PostgreSQL search", .timeLimit(.minutes(5)))
struct SearchTests {
    @Test("search finds messages in scope, newest first, pages back, and finds nothing outside the scope")
    func scoped() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make(), searchText: SearchText(analyzer: PlainAnalyzer()))
        let mine = try await store.createConversation(kind: .group, tenant: "acme", title: "Mine", members: [alice])
        let theirs = try await store.createConversation(kind: .group, tenant: "acme", title: "Theirs", members: [bob])
        _ = try await append(store, [
            message(mine.id, "1", text: "The quarterly Budget is ready"),
            message(theirs.id, "2", text: "budget secrets", from: bob),
            message(mine.id, "3", text: "budget, again"),
            message(mine.id, "4", text: "明天的会议纪要"),
        ])
        let scope = try await store.searchScope(for: alice)
        #expect(scope.conversations == [mine.id])
        #expect(scope.languages == [.english])

        let found = try await store.search(MessageSearch(terms: ["budget"], conversations: scope.conversations, limit: 10))
        #expect(found.map(\.message.clientID) == ["3", "1"])
        #expect(found[0].position > found[1].position)
        let older = try await store.search(MessageSearch(terms: ["budget"], conversations: scope.conversations, before: found[0].position, limit: 10))
        #expect(older.map(\.message.clientID) == ["1"])
        #expect(try await store.search(MessageSearch(terms: ["budget", "ready"], conversations: scope.conversations, limit: 10))
            .map(\.message.clientID) == ["1"])
        #expect(try await store.search(MessageSearch(terms: ["secrets"], conversations: scope.conversations, limit: 10)).isEmpty)
        #expect(try await store.search(MessageSearch(terms: ["budget"], conversations: [mine.id, theirs.id], byRelevance: true, limit: 10)).count == 3)
        #expect(try await store.search(MessageSearch(terms: ["会议"], conversations: scope.conversations, limit: 10)).map(\.message.clientID) == ["4"])
        // Quotes, backslashes and tsquery operators are words, never syntax.
        #expect(try await store.search(MessageSearch(terms: ["it's", "a|b", "\\", "!x & y"], conversations: scope.conversations, limit: 10)).isEmpty)
        #expect(try await store.search(MessageSearch(terms: ["\\"], conversations: scope.conversations, limit: 10)).isEmpty,
                "a term with no word matches nothing, not everything in scope")
        await store.close()
    }

    @Test("a search over its time budget is stopped and refused in words")
    func budget() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let error = await #expect(throws: StoreError.self) { try await store.sleepAsSearch(2, budget: 0.1) }
        #expect(error?.kind == .refused)
        #expect(error?.message == "the search took longer than 2 s; use more or rarer words")
        // The connection is usable afterwards (the transaction was rolled back).
        try await store.sleepAsSearch(0, budget: 0.1)
        #expect(try await store.search(MessageSearch(terms: ["x"], conversations: ["g-1"], limit: 1)).isEmpty)
        await store.close()
    }
}

/// Words are runs of letters and digits; keys are lower-cased (ICU's analyzer in production).
struct PlainAnalyzer: TextAnalyzing {
    func sentences(in text: String, language: Language) -> [Substring] { [text[...]] }
    func words(in text: String, language: Language) -> [Substring] { text.split { !$0.isLetter && !$0.isNumber } }
    func composed(_ text: String) -> String { text }
    func matchingKey(_ text: String, language: Language) -> String { text.lowercased() }
    func dominantScript(of text: String) -> String { "Latn" }
    func transliterate(_ text: String, transform: String) -> String { text }
}
