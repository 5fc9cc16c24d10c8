import Dispatch
import Metrics
import ParleyDomain
import Synchronization

/// Translates each committed message once per target language, for every shard.
///
/// Each shard asks once per committed message for the languages its own subscribers read. The
/// first request for a language starts its translation; later requests (other shards) wait for
/// that same result, so a message is translated once per language whatever the shard count, and
/// every shard sends the same text. An entry is dropped once every shard has asked and every
/// waiter has been answered.
final class RenderingBoard: Sendable {
    typealias Completion = @Sendable ([Language: LocalizedText]) -> Void

    private struct Key: Hashable {
        let conversation: String
        let seq: Int64
    }

    private struct Entry {
        var shardsLeft: Int
        var started: Set<Language> = []
        var resolved: Set<Language> = []
        var renderings: [Language: LocalizedText] = [:]
        var waiters: [(languages: Set<Language>, completion: Completion)] = []
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let shards: Int
    private let localizer: any MessageLocalizing
    private let timer: Metrics.Timer

    init(shards: Int, localizer: any MessageLocalizing, timer: Metrics.Timer) {
        self.shards = shards
        self.localizer = localizer
        self.timer = timer
    }

    /// Every shard calls this exactly once per committed message. `completion` runs (on any
    /// thread) with the renderings of `languages` that succeeded; with no languages it is not called.
    /// `tenant`: whose translation memory answers first (the same for every shard: it follows from
    /// the conversation, `AccessPolicy.memoryTenant`).
    func request(_ message: ChatMessage, languages: Set<Language>, tenant: String?, completion: Completion?) {
        let key = Key(conversation: message.conversation, seq: message.seq)
        var ready: [Language: LocalizedText]?
        let missing = entries.withLock { all -> Set<Language> in
            var entry = all[key] ?? Entry(shardsLeft: shards)
            entry.shardsLeft -= 1
            let missing = languages.subtracting(entry.started)
            entry.started.formUnion(missing)
            if let completion, !languages.isEmpty {
                if languages.isSubset(of: entry.resolved) {
                    ready = entry.renderings.filter { languages.contains($0.key) }
                } else {
                    entry.waiters.append((languages, completion))
                }
            }
            Self.keep(entry, at: key, in: &all)
            return missing
        }
        if let ready { completion?(ready) }
        guard !missing.isEmpty else { return }
        let (localizer, timer) = (self.localizer, self.timer)
        Task {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = await localizer.localize(message.text, declared: message.language, into: missing, names: [:], tenant: tenant)
            timer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
            self.resolve(key, missing, result.renderings)
        }
    }

    private func resolve(_ key: Key, _ languages: Set<Language>, _ renderings: [Language: LocalizedText]) {
        let answers = entries.withLock { all -> [(Completion, [Language: LocalizedText])] in
            guard var entry = all[key] else { return [] }
            entry.resolved.formUnion(languages)
            entry.renderings.merge(renderings) { first, _ in first }
            var answers: [(Completion, [Language: LocalizedText])] = []
            entry.waiters.removeAll { waiter in
                guard waiter.languages.isSubset(of: entry.resolved) else { return false }
                answers.append((waiter.completion, entry.renderings.filter { waiter.languages.contains($0.key) }))
                return true
            }
            Self.keep(entry, at: key, in: &all)
            return answers
        }
        for (completion, renderings) in answers { completion(renderings) }
    }

    private static func keep(_ entry: Entry, at key: Key, in all: inout [Key: Entry]) {
        all[key] = entry.shardsLeft <= 0 && entry.waiters.isEmpty && entry.started.isSubset(of: entry.resolved) ? nil : entry
    }
}
