import Foundation
import ParleyDomain

/// The translation layer's front door: detects the source language, routes each pair to its
/// engine, protects spans and glossary terms around hooks, falls back to the dictionary engine on
/// failure or timeout, and caches results. Renders a message once per distinct target language,
/// concurrently.
public final class Translator: MessageLocalizing {
    public let configuration: TranslationConfiguration
    public let dictionaryEngine: DictionaryEngine
    let analyzer: any TextAnalyzing
    let detector: LanguageDetector
    let hooks: [String: any TranslationHook]
    let cache: TranslationCache
    /// Accepted corrections per tenant, consulted before any engine when a tenant is given.
    public let memory: SharedTranslationMemory
    let scanner = ProtectedSpanScanner()

    /// Loads `dictionaryDirectory` (see Dictionaries/README.md) and starts no process until a
    /// routed hook is first used. Malformed dictionary lines are skipped and listed in `problems`.
    public convenience init(dictionaryDirectory: URL, analyzer: any TextAnalyzing,
                            configuration: TranslationConfiguration = TranslationConfiguration()) throws {
        let store = try DictionaryStore(directory: dictionaryDirectory, analyzer: analyzer)
        try self.init(store: store, analyzer: analyzer, configuration: configuration)
    }

    /// Builds a translator over an already-loaded store; `extraHooks` adds hooks not described by
    /// the configuration (tests, embedders).
    public init(store: DictionaryStore, analyzer: any TextAnalyzing, configuration: TranslationConfiguration,
                extraHooks: [any TranslationHook] = []) throws {
        self.configuration = configuration
        self.analyzer = analyzer
        self.detector = LanguageDetector(analyzer: analyzer)
        self.dictionaryEngine = DictionaryEngine(store: store, analyzer: analyzer,
                                                 transliterateUnknown: configuration.transliterateUnknown)
        var hooks: [String: any TranslationHook] = [:]
        for (name, c) in configuration.commandHooks {
            hooks[name] = CommandHook(name: name, configuration: c, timeoutSeconds: configuration.timeoutSeconds)
        }
        for (name, c) in configuration.httpHooks {
            hooks[name] = HTTPHook(name: name, configuration: c, timeoutSeconds: configuration.timeoutSeconds)
        }
        for hook in extraHooks { hooks[hook.name] = hook }
        for (pair, engine) in configuration.routes where engine != "dictionary" && hooks[engine] == nil {
            throw TranslationError.unknownEngine(name: engine, pair: pair)
        }
        self.hooks = hooks
        self.cache = TranslationCache(capacity: configuration.cacheCapacity)
        self.memory = SharedTranslationMemory(analyzer: analyzer)
    }

    /// A translator over the same dictionaries, hooks and cache that answers from `memory`: each
    /// daemon keeps its own tenants' corrections even when daemons share loaded dictionaries (tests).
    /// Engine results are cached without a tenant, and the memory is consulted before the cache.
    public func using(memory: SharedTranslationMemory) -> Translator { Translator(sharing: self, memory: memory) }

    private init(sharing other: Translator, memory: SharedTranslationMemory) {
        configuration = other.configuration
        analyzer = other.analyzer
        detector = other.detector
        dictionaryEngine = other.dictionaryEngine
        hooks = other.hooks
        cache = other.cache
        self.memory = memory
    }

    /// Malformed lines found while loading the dictionaries.
    public var problems: [TranslationError] { dictionaryEngine.store.problems }

    /// Stops hook processes.
    public func shutdown() async {
        for hook in hooks.values { await hook.shutdown() }
    }

    public func localize(_ text: String, declared source: Language, into targets: Set<Language>) async -> LocalizationResult {
        await localize(text, declared: source, into: targets, names: [:], tenant: nil)
    }

    public func localize(_ text: String, declared source: Language, into targets: Set<Language>,
                         names: [String: String]) async -> LocalizationResult {
        await localize(text, declared: source, into: targets, names: names, tenant: nil)
    }

    /// `localize` with members' names (as written → chosen Latin spelling) and the tenant whose
    /// translation memory answers first.
    public func localize(_ text: String, declared source: Language, into targets: Set<Language>,
                         names: [String: String], tenant: String?) async -> LocalizationResult {
        let detected = configuration.detectLanguage ? detector.detect(text, declared: source) : source
        let renderings = await withTaskGroup(of: (Language, LocalizedText)?.self) { group in
            for target in targets where target != detected && target != .undetermined {
                group.addTask {
                    let outcome = await self.translate(text, from: detected, to: target, detect: false, names: names,
                                                       tenant: tenant)
                    // A reader whose language no engine covers is told so, beside the original.
                    if let notice = outcome.notice {
                        return (target, LocalizedText(text: text, language: detected, engine: "untranslated: \(notice)"))
                    }
                    guard outcome.engine != "original" else { return nil }
                    // A reader is told when a hook failed and the dictionary answered in its place.
                    let engine = outcome.fallbackReason == nil ? outcome.engine : "fallback:" + outcome.engine
                    return (target, LocalizedText(text: outcome.text, language: target, engine: engine))
                }
            }
            var result: [Language: LocalizedText] = [:]
            for await item in group { if let (language, rendering) = item { result[language] = rendering } }
            return result
        }
        return LocalizationResult(source: detected, renderings: renderings)
    }

    /// Drops the cached translations of `text` (a deleted message's text, or an edited one's earlier version).
    public func forget(_ text: String) {
        cache.forget(text: analyzer.composed(text))
    }

    /// Translates one text. `engine` overrides the routing ("dictionary" or a hook name);
    /// `explain` keeps the dictionary engine's units. `names` maps members' names as written to the
    /// Latin spelling they chose (kept whole by the dictionary engine; such results are not cached).
    /// With a `tenant`, that tenant's accepted correction for the same or a near-identical source
    /// answers first (engine "memory"); no other tenant's memory is consulted.
    public func translate(_ text: String, from declared: Language, to target: Language, engine: String? = nil,
                          detect: Bool = true, explain: Bool = false, names: [String: String] = [:],
                          tenant: String? = nil) async -> TranslationOutcome {
        let original = analyzer.composed(text)
        let source = detect && configuration.detectLanguage ? detector.detect(original, declared: declared) : declared
        let pair = LanguagePair(source, target)
        let spans = scanner.spans(in: original)
        var outcome = TranslationOutcome(text: original, source: source, target: target, engine: "original",
                                         fallbackReason: nil, units: [], protectedSpans: spans)
        guard source != target, !original.allSatisfy({ $0.isWhitespace }) else { return outcome }
        if let tenant, let correction = memory.lookup(original, tenant: tenant, from: source, to: target) {
            outcome.text = correction.correctedText
            outcome.engine = "memory"
            return outcome
        }
        let routed = engine ?? configuration.engine(for: pair)
        let key = TranslationCache.Key(text: original, pair: pair, engine: routed,
                                       dictionaryVersion: dictionaryEngine.store.version)
        if !explain, names.isEmpty, let cached = cache.value(for: key) {
            outcome.text = cached
            outcome.engine = "cache:\(routed)"
            return outcome
        }
        if routed != "dictionary" {
            if let hook = hooks[routed] {
                do {
                    outcome.text = try await translate(original, spans: spans, pair: pair, hook: hook)
                    outcome.engine = routed
                    cache.store(outcome.text, for: key)
                    return outcome
                } catch {
                    outcome.fallbackReason = "\(error)"
                }
            } else {
                outcome.fallbackReason = "\(TranslationError.unknownEngine(name: routed, pair: pair.description))"
            }
        }
        guard dictionaryEngine.supports(pair) else {
            outcome.notice = "no translation available for \(target.code)"
            return outcome
        }
        let result = dictionaryEngine.translate(original, pair: pair, names: names)
        outcome.text = result.text
        outcome.engine = "dictionary"
        outcome.units = explain ? result.units : []
        // A fallback answer is not cached under the hook's key: the hook may answer next time.
        if outcome.fallbackReason == nil, names.isEmpty { cache.store(result.text, for: key) }
        return outcome
    }

    /// Calls a hook with spans and glossary terms masked; if the engine loses a placeholder, the
    /// pieces between placeholders are translated one by one.
    private func translate(_ text: String, spans: [ProtectedSpan], pair: LanguagePair,
                           hook: any TranslationHook) async throws -> String {
        let masked = MaskedText(text, spans: spans, glossary: glossaryOccurrences(in: text, pair: pair))
        if masked.restorations.isEmpty { return try await hook.translate(text, pair: pair) }
        let translated = try await hook.translate(masked.text, pair: pair)
        if let restored = masked.restore(in: translated) { return restored }
        var result = ""
        for chunk in masked.chunks {
            let trimmed = chunk.text.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty {
                let leading = chunk.text.prefix(while: { $0 == " " }), trailing = String(chunk.text.reversed().prefix(while: { $0 == " " }))
                result += leading + (try await hook.translate(trimmed, pair: pair)) + trailing
            } else {
                result += chunk.text
            }
            if let restore = chunk.restoreAfter { result += restore }
        }
        return result
    }

    /// Where glossary terms for `pair` occur in `text` (case-insensitive, whole words), longest first.
    func glossaryOccurrences(in text: String, pair: LanguagePair) -> [(range: Range<String.Index>, target: String)] {
        var found: [(range: Range<String.Index>, target: String)] = []
        let renderings = dictionaryEngine.store.glossary.compactMap { $0.rendering(for: pair) }
            .sorted { $0.source.count > $1.source.count }
        for r in renderings where !r.source.isEmpty {
            var searchStart = text.startIndex
            while let range = text.range(of: r.source, options: [.caseInsensitive], range: searchStart..<text.endIndex) {
                searchStart = range.upperBound
                let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
                let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
                let ideographic = r.source.unicodeScalars.contains(where: Tokenizer.isIdeographic)
                let boundary = ideographic || (!(before?.isLetter ?? false) && !(after?.isLetter ?? false))
                if boundary, !found.contains(where: { $0.range.overlaps(range) }) { found.append((range, r.target)) }
            }
        }
        return found
    }
}
