import Synchronization

/// Translations already made, keyed by normalized text, pair, engine and dictionary version;
/// evicts the oldest entries first when full.
final class TranslationCache: Sendable {
    struct Key: Hashable, Sendable {
        let text: String
        let pair: LanguagePair
        let engine: String
        let dictionaryVersion: String
    }

    private struct State {
        var entries: [Key: String] = [:]
        var order: [Key] = []
        var head = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = max(0, capacity) }

    func value(for key: Key) -> String? { state.withLock { $0.entries[key] } }

    func store(_ value: String, for key: Key) {
        guard capacity > 0 else { return }
        state.withLock { s in
            if s.entries.updateValue(value, forKey: key) != nil { return }
            s.order.append(key)
            if s.order.count - s.head > capacity {
                s.entries[s.order[s.head]] = nil
                s.head += 1
                if s.head > capacity { s.order.removeFirst(s.head); s.head = 0 }
            }
        }
    }

    /// Removes every translation of `text` (a deleted message), from the entries and the eviction
    /// order alike, so the text is not kept. Linear in the cache size; deletions are rare.
    func forget(text: String) {
        state.withLock { s in
            guard s.entries.keys.contains(where: { $0.text == text }) else { return }
            s.entries = s.entries.filter { $0.key.text != text }
            s.order = s.order[s.head...].filter { $0.text != text }
            s.head = 0
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
