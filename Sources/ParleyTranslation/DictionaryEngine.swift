import ParleyDomain

/// The built-in engine: phrase segmentation over the pair dictionary (glossary terms first),
/// most-weighted sense, unknown words kept (or transliterated), then the pair's reordering rules.
///
/// Segmentation is a shortest-path search over tokens rather than greedy longest-match: a
/// phrase costs 1, a glossary term less, an unknown word more, so "挖掘机" stays one unit and
/// a greedy match never swallows the start of a better phrase.
public struct DictionaryEngine: Sendable {
    public let store: DictionaryStore
    let analyzer: any TextAnalyzing
    let scanner = ProtectedSpanScanner()
    /// Transliterate unknown words when the target uses another script (Han-Latin for names).
    public var transliterateUnknown: Bool
    /// Languages to pivot through when no direct dictionary exists (zh-es via en).
    public var pivot: Language
    /// Glossary terms per direction, as phrase dictionaries (built once: they are small).
    private let glossaries: [LanguagePair: PairDictionary]

    public init(store: DictionaryStore, analyzer: any TextAnalyzing, transliterateUnknown: Bool = true,
                pivot: Language = .english) {
        self.store = store
        self.analyzer = analyzer
        self.transliterateUnknown = transliterateUnknown
        self.pivot = pivot
        var glossaries: [LanguagePair: PairDictionary] = [:]
        for term in store.glossary {
            let languages = Set(term.forms.keys).union(term.doNotTranslate ? store.languages : [])
            for source in languages {
                for target in languages.union(store.languages) where target != source {
                    let pair = LanguagePair(source, target)
                    guard let r = term.rendering(for: pair) else { continue }
                    glossaries[pair, default: PairDictionary(pair: pair)].add(
                        DictionaryEntry(source: r.source, target: r.target, weight: term.priority, tag: "term",
                                        origin: term.origin), analyzer: analyzer)
                }
            }
        }
        self.glossaries = glossaries
    }

    /// Whether this engine can translate `pair`, directly or through the pivot language.
    public func supports(_ pair: LanguagePair) -> Bool {
        store.pairs[pair] != nil
            || (store.pairs[LanguagePair(pair.source, pivot)] != nil && store.pairs[LanguagePair(pivot, pair.target)] != nil)
    }

    /// Translates `text` and returns the units that produced it.
    public func translate(_ text: String, pair: LanguagePair) -> (text: String, units: [TranslationUnit]) {
        if usesPivot(pair) {
            let first = translate(text, pair: LanguagePair(pair.source, pivot))
            let second = translate(first.text, pair: LanguagePair(pivot, pair.target))
            return (second.text, first.units + second.units)
        }
        let spans = scanner.spans(in: text)
        let tokens = Tokenizer(analyzer: analyzer).tokens(of: text, language: pair.source, protected: spans)
        var units = segment(tokens, pair: pair)
        units = ReorderingRules.apply(to: units, pair: pair)
        AgreementRules.apply(to: &units, pair: pair)
        let rendered = AgreementRules.contract(UnitRenderer.render(units, pair: pair, original: text), language: pair.target.code)
        return (rendered, units)
    }

    /// A direction with no real dictionary of its own (only domain terms) goes through the pivot.
    func usesPivot(_ pair: LanguagePair) -> Bool {
        guard pair.source != pivot, pair.target != pivot,
              let first = store.pairs[LanguagePair(pair.source, pivot)], let second = store.pairs[LanguagePair(pivot, pair.target)]
        else { return false }
        let direct = store.pairs[pair]?.count ?? 0
        return direct < min(first.count, second.count) / 4
    }

    /// Translates and renders only the text, for callers that need no explanation.
    public func translateText(_ text: String, pair: LanguagePair) -> String { translate(text, pair: pair).text }

    private func segment(_ tokens: [Token], pair: LanguagePair) -> [TranslationUnit] {
        let dictionary = store.pairs[pair]
        let glossary = glossaries[pair] ?? PairDictionary(pair: pair)
        let unspaced = LanguagePair.isUnspaced(pair.source)
        let longest = max(dictionary?.longestPhrase ?? 1, glossary.longestPhrase)
        let n = tokens.count
        // best[i]: cheapest cover of tokens[0..<i]; choice[i]: (start, entry, isGlossary)
        var best = [Double](repeating: .infinity, count: n + 1)
        var choice = [(start: Int, entry: DictionaryEntry?, glossary: Bool)](repeating: (0, nil, false), count: n + 1)
        best[0] = 0
        for end in 1...max(n, 1) where n > 0 {
            let last = tokens[end - 1]
            // Non-word tokens stand alone.
            guard last.kind == .word else {
                best[end] = best[end - 1]
                choice[end] = (end - 1, nil, false)
                continue
            }
            var key = ""
            var start = end
            while start > 0, end - start < longest {
                let t = tokens[start - 1]
                guard t.kind == .word else { break }
                // In unspaced languages a space ends a phrase; in spaced ones punctuation does.
                if start < end, unspaced, tokens[start].spaceBefore { break }
                key = start == end ? t.key : (unspaced ? t.key + key : t.key + " " + key)
                start -= 1
                if let g = glossary.lookup(key: key) {
                    let cost = best[start] + 0.5
                    if cost < best[end] { best[end] = cost; choice[end] = (start, g, true) }
                }
                if let e = dictionary?.lookup(key: key) {
                    let cost = best[start] + 1.0 - Double(min(e.weight, 1500)) / 100_000
                    if cost < best[end] { best[end] = cost; choice[end] = (start, e, false) }
                }
            }
            // A miss may be an inflected form of a listed word ("keys" → "key" → "llave" + s).
            if best[end - 1] + 1.2 < best[end], let dictionary,
               let (entry, inflection) = lemmaEntry(for: last.key, in: dictionary, language: pair.source.code) {
                var inflected = entry
                inflected.target = Inflector.apply(inflection, to: entry.target, tag: entry.tag, language: pair.target.code)
                inflected.origin = entry.origin + " (lemma of \(last.key), \(inflection.rawValue))"
                best[end] = best[end - 1] + 1.2
                choice[end] = (end - 1, inflected, false)
            }
            let unknownCost = best[end - 1] + 1.6
            if unknownCost < best[end] { best[end] = unknownCost; choice[end] = (end - 1, nil, false) }
        }
        var units: [TranslationUnit] = []
        var end = n
        while end > 0 {
            let (start, entry, isGlossary) = choice[end]
            let source = tokens[start..<end].map { String($0.text) }.joined(separator: unspaced ? "" : " ")
            let first = tokens[start]
            switch first.kind {
            case .protected(let kind):
                units.append(TranslationUnit(kind: .protected, source: source, target: source, origin: "protected:\(kind.rawValue)",
                                             spaceBefore: first.spaceBefore))
            case .punctuation:
                units.append(TranslationUnit(kind: .punctuation, source: source, target: source, origin: "punctuation",
                                             spaceBefore: first.spaceBefore))
            case .word:
                if let entry {
                    units.append(TranslationUnit(kind: isGlossary ? .glossary : .phrase, source: source,
                                                 target: matchCase(entry.target, like: source, entry: entry),
                                                 tag: entry.tag, origin: entry.origin, spaceBefore: first.spaceBefore))
                } else {
                    units.append(TranslationUnit(kind: .unknown, source: source, target: unknown(source, pair: pair),
                                                 origin: "unknown", spaceBefore: first.spaceBefore))
                }
            }
            end = start
        }
        return units.reversed()
    }

    private func lemmaEntry(for key: String, in dictionary: PairDictionary, language: String)
        -> (DictionaryEntry, Lemmatizer.Inflection)? {
        guard dictionary.lookup(key: key) == nil else { return nil }
        for (lemma, inflection) in Lemmatizer().candidates(for: key, language: language) {
            if let entry = dictionary.lookup(key: lemma) { return (entry, inflection) }
        }
        return nil
    }

    /// "Hello" → "Hola" when the entry is lower-case; entries written with capitals keep them.
    private func matchCase(_ target: String, like source: String, entry: DictionaryEntry) -> String {
        guard let s = source.first, s.isUppercase, let t = target.first, t.isLowercase,
              entry.source.first?.isUppercase != true else { return target }
        if source.count > 1, source.allSatisfy({ !$0.isLetter || $0.isUppercase }) { return target.uppercased() }
        return t.uppercased() + target.dropFirst()
    }

    private func unknown(_ word: String, pair: LanguagePair) -> String {
        guard transliterateUnknown else { return word }
        let sourceScript = analyzer.dominantScript(of: word)
        let targetLatin = !LanguagePair.isUnspaced(pair.target) && !["ru", "uk", "el", "ar", "he"].contains(pair.target.code)
        if sourceScript == "Hani" && targetLatin {
            let latin = analyzer.transliterate(word, transform: "Han-Latin; Latin-ASCII")
            return latin.prefix(1).uppercased() + latin.dropFirst()
        }
        return word
    }
}
