import Foundation
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

    /// Translates `text` and returns the units that produced it. `names` maps names as written in
    /// the text (members' display names) to the Latin spelling their owners chose; they are kept whole.
    public func translate(_ text: String, pair: LanguagePair, names: [String: String] = [:]) -> (text: String, units: [TranslationUnit]) {
        if usesPivot(pair) { return translateThroughPivot(text, pair: pair, names: names) }
        let units = translateUnits(text, pair: pair, finalTarget: pair.target, names: names)
        let rendered = AgreementRules.contract(UnitRenderer.render(units, pair: pair, original: text), language: pair.target.code)
        return (rendered, units)
    }

    /// Segments, reorders and agrees one direction. `extraSpans` win over the scanner's spans
    /// (a pivot passes names, dates and glossary terms already rendered for the final target).
    func translateUnits(_ text: String, pair: LanguagePair, finalTarget: Language, names: [String: String],
                        extraSpans: [ProtectedSpan] = []) -> [TranslationUnit] {
        let spans = protectedSpans(in: text, pair: pair, finalTarget: finalTarget, names: names, extra: extraSpans)
        let tokens = Tokenizer(analyzer: analyzer).tokens(of: text, language: pair.source, protected: spans)
        var units = segment(tokens, pair: pair)
        units = ReorderingRules.apply(to: units, pair: pair, finalTarget: finalTarget)
        AgreementRules.apply(to: &units, pair: pair)
        return units
    }

    /// The scanner's spans, plus known names, and for Chinese dates, times, amounts and personal
    /// names; earlier kinds win where they overlap.
    func protectedSpans(in text: String, pair: LanguagePair, finalTarget: Language, names: [String: String],
                        extra: [ProtectedSpan]) -> [ProtectedSpan] {
        var fixed = extra
        for (written, latin) in names where !written.isEmpty {
            var from = text.startIndex
            // A name written in a spaced script matches whole words only ("Rose" is not in "Roseanne").
            let spaced = !written.unicodeScalars.contains(where: Tokenizer.isIdeographic)
            while let r = text.range(of: written, range: from..<text.endIndex) {
                let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : " "
                let after = r.upperBound < text.endIndex ? text[r.upperBound] : " "
                let whole = !spaced || (!before.isLetter && !after.isLetter)
                if whole, !fixed.contains(where: { $0.range.overlaps(r) }) {
                    fixed.append(ProtectedSpan(kind: .name, range: r, in: text, rendering: latin))
                }
                from = r.upperBound
            }
        }
        if pair.source.code == "zh" {
            for span in ChineseTimeScanner(target: finalTarget).spans(in: text) where !fixed.contains(where: { $0.range.overlaps(span.range) }) {
                fixed.append(span)
            }
            var blocked = fixed.map(\.range)
            blocked += glossaryRanges(in: text, pair: pair)
            let dictionary = store.pairs[pair]
            let finder = ChineseNameFinder(analyzer: analyzer)
            fixed += finder.spans(in: text, blocked: blocked) { word in
                dictionary?.lookup(key: analyzer.matchingKey(word, language: pair.source))?.target
            }
        }
        guard !fixed.isEmpty else { return scanner.spans(in: text) }
        let scanned = scanner.spans(in: text).filter { s in !fixed.contains { $0.range.overlaps(s.range) } }
        return (fixed + scanned).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Where this pair's glossary terms occur in an unspaced source (names must not split them).
    private func glossaryRanges(in text: String, pair: LanguagePair) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        for term in store.glossary {
            guard let r = term.rendering(for: pair), !r.source.isEmpty else { continue }
            var from = text.startIndex
            while let found = text.range(of: r.source, range: from..<text.endIndex) {
                ranges.append(found)
                from = found.upperBound
            }
        }
        return ranges
    }

    /// zh → en → es with structure kept: the first step renders names, dates and glossary terms
    /// straight into the final language and the second step keeps them as protected spans, so
    /// only the words between them go through two dictionaries.
    func translateThroughPivot(_ text: String, pair: LanguagePair, names: [String: String]) -> (text: String, units: [TranslationUnit]) {
        let first = LanguagePair(pair.source, pivot), second = LanguagePair(pivot, pair.target)
        var units = translateUnits(text, pair: first, finalTarget: pair.target, names: names)
        let direct = glossaries[LanguagePair(pair.source, pair.target)]
        var finals: [Int: String] = [:]
        for (k, unit) in units.enumerated() {
            if unit.kind == .protected, !unit.target.isEmpty {
                finals[k] = unit.target
            } else if unit.origin == "rule:time-clause",
                      let marker = ChineseSentenceRules.markerRenderings[unit.target]?[pair.target.code] {
                units[k].target = marker
                finals[k] = marker
            } else if unit.kind == .phrase, unit.tag == "v", let verb = finiteVerb(unit.target, form: unit.form,
                                                                                   future: followsWill(k, units), pair: second) {
                // A verb known to be one: an English word dictionary would take "complete" for the adjective.
                if followsWill(k, units), let will = units[0..<k].lastIndex(where: { $0.tag == "modal" }) { units[will].target = "" }
                units[k].target = verb
                finals[k] = verb
            } else if unit.kind == .glossary,
                      let term = direct?.lookup(key: PairDictionary.key(for: unit.source, language: pair.source, analyzer: analyzer)) {
                units[k].target = term.target
                finals[k] = term.target
            }
        }
        let english = AgreementRules.contract(UnitRenderer.render(units, pair: first, original: text), language: pivot.code)
        var spans: [ProtectedSpan] = []
        var cursor = english.startIndex
        for (k, unit) in units.enumerated() {
            guard let final = finals[k], let r = Self.wholeWord(final, in: english, from: cursor) else { continue }
            let kind: ProtectedSpan.Kind
            if case .protected = unit.kind, let span = unitSpanKind(unit) { kind = span } else { kind = .name }
            spans.append(ProtectedSpan(kind: kind, range: r, in: english, rendering: final))
            cursor = r.upperBound
        }
        let secondUnits = translateUnits(english, pair: second, finalTarget: pair.target, names: [:], extraSpans: spans)
        let rendered = AgreementRules.contract(UnitRenderer.render(secondUnits, pair: second, original: english),
                                               language: pair.target.code)
        return (rendered, units + secondUnits)
    }

    /// The first occurrence of `word` from `start` not inside a longer word (French "a" is not the "a" of "car").
    static func wholeWord(_ word: String, in text: String, from start: String.Index) -> Range<String.Index>? {
        var from = start
        while let r = text.range(of: word, range: from..<text.endIndex) {
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : " "
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : " "
            if !before.isLetter, !after.isLetter { return r }
            from = text.index(after: r.lowerBound)
        }
        return nil
    }

    /// The target language's third person of an English verb phrase ("send" → "envía", "send to" →
    /// "envía a"; past "envió", future "enviará", progressive "está enviando"), from the subject+verb
    /// phrases ("he sends", "he sent", "he will send"), else a verb-tagged entry and `Inflector`.
    private func finiteVerb(_ english: String, form: EnglishVerbForms.Form?, future: Bool, pair: LanguagePair) -> String? {
        guard let dictionary = store.pairs[pair] else { return nil }
        var words = english.split(separator: " ").map(String.init)
        guard let first = words.first, !EnglishVerbForms.modals.contains(first) else { return nil }
        let inflected = future ? "will " + first
            : form == .past ? EnglishVerbForms.past(first) : EnglishVerbForms.thirdPerson(first)
        let verb: String
        if form != .progressive, let phrase = dictionary.lookup(key: "he " + inflected), !phrase.target.isEmpty {
            // "él envía": the pivot's sentence has its own subject (or none, in a request).
            let pronoun = (dictionary.lookup(key: "he")?.target ?? "") + " "
            verb = pronoun.count > 1 && phrase.target.hasPrefix(pronoun) ? String(phrase.target.dropFirst(pronoun.count)) : phrase.target
        } else if let entry = dictionary.lookup(key: first), entry.tag == "v" {
            let language = pair.target.code
            if future {
                verb = Inflector.apply(.future, to: entry.target, tag: "v", language: language)
            } else if form == .progressive, language == "es" {
                verb = "está " + Inflector.apply(.gerund, to: entry.target, tag: "v", language: language)
            } else {
                verb = Inflector.apply(form == .past && !future ? .past : .thirdPerson, to: entry.target, tag: "v", language: language)
            }
        } else {
            return nil
        }
        words[0] = verb
        for i in words.indices.dropFirst() {
            if let e = dictionary.lookup(key: words[i].lowercased()), !e.target.isEmpty { words[i] = e.target }
        }
        return words.joined(separator: " ")
    }

    /// Whether the verb at `k` follows a "will" the aspect rules made of 会 (the pivot folds it into the verb).
    private func followsWill(_ k: Int, _ units: [TranslationUnit]) -> Bool {
        guard let before = units[0..<k].lastIndex(where: { !$0.target.isEmpty || $0.tag == "modal" }) else { return false }
        return units[before].tag == "modal" && units[before].target == "will"
    }

    private func unitSpanKind(_ unit: TranslationUnit) -> ProtectedSpan.Kind? {
        guard unit.origin.hasPrefix("protected:") else { return nil }
        return ProtectedSpan.Kind(rawValue: String(unit.origin.dropFirst("protected:".count)))
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
                let tag = kind == .date ? "time" : kind == .name ? "name" : kind == .number ? "num" : ""
                units.append(TranslationUnit(kind: .protected, source: source, target: first.rendering ?? source, tag: tag,
                                             origin: "protected:\(kind.rawValue)", spaceBefore: first.spaceBefore))
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
        // Cyrillic, Greek, Arabic … names into a Latin-script language (ICU Any-Latin).
        if targetLatin, sourceScript != "Latn", sourceScript != "Zyyy", sourceScript != "Hani" {
            let latin = analyzer.transliterate(word, transform: "Any-Latin; Latin-ASCII")
            return latin.isEmpty ? word : latin
        }
        return word
    }
}
