import Synchronization
import ParleyDomain

/// The translator's translation memory, shared by concurrent translations: a `TranslationMemory`
/// behind a lock. A store loads accepted corrections with `add` at start and on each acceptance.
public final class SharedTranslationMemory: Sendable {
    private let memory: Mutex<TranslationMemory>
    /// The same normalization as the memory's, run outside the lock.
    private let keys: TranslationMemory

    public init(analyzer: any TextAnalyzing, entries: [TranslationMemoryEntry] = []) {
        memory = Mutex(TranslationMemory(analyzer: analyzer, entries: entries))
        keys = TranslationMemory(analyzer: analyzer)
    }

    public func add(_ entry: TranslationMemoryEntry) { memory.withLock { $0.add(entry) } }

    @discardableResult
    public func remove(tenant: String, source: Language, target: Language, sourceText: String) -> TranslationMemoryEntry? {
        memory.withLock { $0.remove(tenant: tenant, source: source, target: target, sourceText: sourceText) }
    }

    public func lookup(_ text: String, tenant: String, from source: Language, to target: Language) -> TranslationMemoryEntry? {
        let normalized = keys.normalized(text, language: source)
        return memory.withLock { $0.lookup(normalized: normalized, tenant: tenant, pair: LanguagePair(source, target)) }
    }

    /// The lookup form of a source text (see `TranslationMemory.normalized`): what a store keys entries by.
    public func normalized(_ text: String, language: Language) -> String { keys.normalized(text, language: language) }

    public func entries(tenant: String) -> [TranslationMemoryEntry] { memory.withLock { $0.entries(tenant: tenant) } }

    /// A copy of the whole memory (exports).
    public var snapshot: TranslationMemory { memory.withLock { $0 } }
}
