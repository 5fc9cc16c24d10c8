import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyMinutes
import ParleyStore

/// Search: a `search` frame finds the messages (and posted minutes) the asker may see, in any
/// language. The scope is read from the store at every query (a removed member stops finding at
/// once); the query is also translated into the languages of the asker's conversations, and a
/// result says which language matched. docs/protocol.md, "Search".
public final class SearchDesk: Sendable {
    let store: any Store
    let searchText: SearchText
    let localizer: any MessageLocalizing
    let logger: Logger
    /// A query's languages: the asker's, then those of the people they share conversations with.
    static let maxLanguages = 6
    /// Results one query may page through (a query is not an export).
    static let maxDepth = 1_000

    public init(store: any Store, searchText: SearchText, localizer: any MessageLocalizing, logger: Logger) {
        self.store = store
        self.searchText = searchText
        self.localizer = localizer
        self.logger = logger
    }

    public func handle(_ request: SearchRequest, requestID: String?, from reader: SearchReader, reply: ExtensionReplier) async {
        do throws(ProtocolError) {
            reply(try await search(request, requestID: requestID, reader: reader))
        } catch {
            var e = error
            e.requestID = requestID
            reply(ServerFrames.error(e))
        }
    }

    func search(_ request: SearchRequest, requestID: String?, reader: SearchReader) async throws(ProtocolError) -> [UInt8] {
        let user = reader.identity.user
        let asked = reader.identity.language
        let base = searchText.queryTerms(request.query, language: asked)
        guard !base.terms.isEmpty else { throw ProtocolError(.badQuery, "the query has no word to search for") }
        guard base.terms.count <= 8 else { throw ProtocolError(.badQuery, "the query has \(base.terms.count) terms; at most 8 are searched") }
        if base.terms.allSatisfy({ $0.count < 2 && !$0.unicodeScalars.contains(where: { $0.properties.isIdeographic }) }) {
            throw ProtocolError(.badQuery, "search words need at least 2 letters (one is enough for Chinese or Japanese)")
        }
        let cursor = try SearchCursor(request.cursor, order: request.order)
        guard cursor.offset < Self.maxDepth else { throw ProtocolError(.badQuery, "results past the first \(Self.maxDepth) are not paged; narrow the query") }

        let scope: (conversations: [String], languages: [Language])
        do { scope = try await store.searchScope(for: user) } catch { throw internalError(error, user: user) }
        var conversations = scope.conversations
        if let only = request.conversation {
            // Asking for a conversation one is not in finds nothing, exactly as asking for one that does not exist.
            conversations = conversations.contains(only) ? [only] : []
        }
        var sender: UserRef?
        if let from = request.from {
            guard let u = UserRef(parsing: from, defaultTenant: user.tenant) else { throw ProtocolError(.badFrame, "'from' must be id or id@tenant") }
            sender = u
        }

        // The query in each language present, translated once per language (the translator caches).
        var groups: [(language: Language, terms: [String], words: [String])] = [(asked, base.terms, base.words)]
        let others = Set(scope.languages.filter { $0 != asked }.prefix(Self.maxLanguages - 1))
        if !others.isEmpty {
            let translated = await localizer.localize(request.query, declared: asked, into: others)
            for language in others.sorted() {
                guard let text = translated.renderings[language]?.text else { continue }
                let t = searchText.queryTerms(text, language: language)
                if !t.terms.isEmpty && t.terms.count <= 12 && t.terms != base.terms { groups.append((language, t.terms, t.words)) }
            }
        }

        if request.kind == .minutes {
            return try await searchMinutes(request, groups: groups, cursor: cursor, requestID: requestID, user: user)
        }
        var found: [(ChatMessage, Language, [String], Int64)] = []
        var seen: Set<String> = []
        let want = request.limit + 1
        for group in groups {
            let query = MessageSearch(terms: group.terms, conversations: conversations, topic: request.topic, sender: sender,
                                            since: request.since, until: request.until, minutesOnly: request.kind.map { $0 == .minutes },
                                            byRelevance: request.order == .relevance, before: cursor.before,
                                            offset: 0, limit: cursor.offset + want)
            let hits: [(message: ChatMessage, position: Int64)]
            do { hits = try await store.search(query) } catch { throw internalError(error, user: user) }
            for (m, position) in hits where seen.insert("\(m.conversation)#\(m.seq)").inserted {
                found.append((m, group.language, group.words, position))
            }
        }
        // One order over every language's matches; relevance keeps the first language's order first.
        if request.order == .newest { found.sort { $0.3 > $1.3 } }
        let page = Array(found.dropFirst(request.order == .relevance ? cursor.offset : 0).prefix(want))
        let more = page.count > request.limit
        let shown = Array(page.prefix(request.limit))
        var next: String?
        if more, let last = shown.last {
            next = request.order == .newest ? SearchCursor.keyset(last.3) : SearchCursor.offset(cursor.offset + request.limit)
        }
        return await render(shown.map { ($0.0, $0.1, $0.2) }, requestID: requestID, reader: reader, next: next)
    }

    private func render(_ results: [(ChatMessage, Language, [String])], requestID: String?, reader: SearchReader, next: String?) async -> [UInt8] {
        // Each result in the reader's language: the translations run concurrently, the page keeps its order.
        // A conversation's tenant's accepted corrections answer first, as in the conversation itself.
        let localizer = self.localizer
        let tenants = await memoryTenants(of: Set(results.map(\.0.conversation)))
        let renderings = await withTaskGroup(of: (Int, LocalizedText?).self) { group in
            for (i, (message, _, _)) in results.enumerated() {
                guard let target = reader.language, target != message.language else { continue }
                let tenant = tenants[message.conversation] ?? nil
                group.addTask {
                    (i, await localizer.localize(message.text, declared: message.language, into: [target], names: [:],
                                                 tenant: tenant).renderings[target])
                }
            }
            var out: [Int: LocalizedText] = [:]
            for await (i, rendering) in group { out[i] = rendering }
            return out
        }
        var list: [UInt8] = [UInt8(ascii: "[")]
        for (i, (message, matched, words)) in results.enumerated() {
            if i > 0 { list.append(UInt8(ascii: ",")) }
            let rendering = renderings[i]
            var w = Self.result(matched: matched, text: message.text, words: words)
            w.field("message", raw: ServerFrames.message(message, rendering: rendering))
            list.append(contentsOf: w.finish())
        }
        return Self.reply(list, requestID: requestID, next: next)
    }

    /// A result's common fields: the language that matched, the snippet and its highlights.
    static func result(matched: Language, text: String, words: [String]) -> JSONWriter {
        let snippet = Snippet.make(text, words: words)
        var w = JSONWriter()
        w.field("matched", matched.code)
        w.field("snippet", snippet.text)
        w.field("highlights", raw: Array(("[" + snippet.highlights.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]").utf8))
        return w
    }

    /// Whose translation memory renders each conversation's messages (`AccessPolicy.memoryTenant`);
    /// a conversation that cannot be read gets none.
    private func memoryTenants(of conversations: Set<String>) async -> [String: String?] {
        var tenants: [String: String?] = [:]
        for id in conversations {
            tenants[id] = (try? await store.conversation(id))?.flatMap(AccessPolicy.memoryTenant)
        }
        return tenants
    }

    /// The `search` reply around a list of results (`list` is the open array's bytes).
    static func reply(_ list: [UInt8], requestID: String?, next: String?) -> [UInt8] {
        var list = list
        list.append(UInt8(ascii: "]"))
        var w = JSONWriter()
        w.field("type", "search")
        w.field("id", requestID)
        w.field("results", raw: list)
        if let next { w.field("next", next) }
        return w.finish()
    }

    /// `kind: "minutes"`: the minutes of meetings the asker attended, newest first.
    private func searchMinutes(_ request: SearchRequest, groups: [(language: Language, terms: [String], words: [String])],
                               cursor: SearchCursor, requestID: String?, user: UserRef) async throws(ProtocolError) -> [UInt8] {
        var found: [(MinutesHit, Language, [String])] = []
        var seen: Set<String> = []
        for group in groups {
            let hits: [MinutesHit]
            do {
                hits = try await store.searchMinutes(terms: group.terms, user: user, since: request.since, until: request.until,
                                               after: cursor.minutesAfter, limit: request.limit + 1)
            } catch { throw internalError(error, user: user) }
            for hit in hits where seen.insert(hit.meeting).inserted { found.append((hit, group.language, group.words)) }
        }
        found.sort { ($0.0.endedAt, $0.0.meeting) > ($1.0.endedAt, $1.0.meeting) }
        let shown = Array(found.prefix(request.limit))
        var list: [UInt8] = [UInt8(ascii: "[")]
        for (i, (hit, matched, words)) in shown.enumerated() {
            if i > 0 { list.append(UInt8(ascii: ",")) }
            let text = (try? JSONDecoder().decode(Minutes.self, from: Data(hit.body.utf8)))?.searchableText ?? hit.title
            var w = Self.result(matched: matched, text: text, words: words)
            w.object("minutes") { m in
                m.field("meeting", hit.meeting)
                m.field("version", hit.version)
                m.field("title", hit.title)
                m.field("endedAt", hit.endedAt)
                if let conversation = hit.conversation { m.field("conversation", conversation) }
            }
            list.append(contentsOf: w.finish())
        }
        let next = found.count > request.limit ? shown.last.map { SearchCursor.minutes($0.0) } : nil
        return Self.reply(list, requestID: requestID, next: next)
    }

    private func internalError(_ error: any Error, user: UserRef) -> ProtocolError {
        if let e = error as? StoreError, e.kind == .refused { return ProtocolError(.badQuery, e.message) }
        if let e = error as? StoreError, e.kind == .unavailable { return ProtocolError(.unavailable, e.message) }
        logger.error("search failed", metadata: ["search.user": "\(user)", "store.error": "\(error)"])
        return ProtocolError(.internalError, "search failed: \(error)")
    }
}
