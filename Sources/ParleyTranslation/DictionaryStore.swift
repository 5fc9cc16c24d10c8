import Foundation
import ParleyDomain

/// Everything loaded from a `Dictionaries/` directory: pair dictionaries, domain term tables,
/// the enforced glossary, and a version that changes whenever any file changes (part of cache keys).
///
/// Layout: `pairs/<src>-<tgt>[.<name>].tsv` (a `.core` file wins over generated ones),
/// `terms/*.tsv` (multilingual vocabulary tables), `glossary/*.tsv` (enforced company terms).
public struct DictionaryStore: Sendable {
    public private(set) var pairs: [LanguagePair: PairDictionary] = [:]
    /// Enforced terms, highest priority first.
    public private(set) var glossary: [GlossaryTerm] = []
    /// A hash of every loaded file's bytes.
    public private(set) var version: String = "empty"
    /// Malformed lines found while loading (each names its file and line); the rest was loaded.
    public private(set) var problems: [TranslationError] = []

    public init() {}

    /// Loads a dictionary directory. Throws only when the directory itself cannot be read.
    public init(directory: URL, analyzer: any TextAnalyzing) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory.path) else {
            throw TranslationError.unreadableFile(path: directory.path,
                                                  reason: "no such directory; pass --dictionaries DIR or create it")
        }
        var hasher = FNV1a()
        var termTables: [GlossaryTerm] = []
        for (folder, isTerms) in [("pairs", false), ("terms", true), ("glossary", true)] {
            let dir = directory.appendingPathComponent(folder)
            let names = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".tsv") }
                // Core files first so that, at equal weight, curated entries win.
                .sorted { ($0.contains(".core.") ? 0 : 1, $0) < ($1.contains(".core.") ? 0 : 1, $1) }
            for name in names {
                let url = dir.appendingPathComponent(name)
                guard let data = fm.contents(atPath: url.path) else {
                    throw TranslationError.unreadableFile(path: url.path, reason: "permission denied or not a file")
                }
                hasher.combine(name)
                hasher.combine(data)
                let text = String(decoding: data, as: UTF8.self)
                let label = "\(folder)/\(name)"
                if isTerms {
                    let (terms, problems) = DictionaryFormat.parseTermTable(text, file: label)
                    self.problems += problems
                    if folder == "glossary" { glossary += terms } else { termTables += terms }
                } else {
                    guard let pair = LanguagePair(String(name.prefix(while: { $0 != "." }))) else {
                        self.problems.append(.malformedLine(file: label, line: 0,
                                                            reason: "pair file names must look like en-es.tsv"))
                        continue
                    }
                    let (entries, problems) = DictionaryFormat.parsePairFile(
                        text, file: label, weightBonus: name.contains(".core.") ? 1000 : 0)
                    self.problems += problems
                    add(entries, to: pair, analyzer: analyzer)
                }
            }
        }
        // Domain terms become phrase entries in every direction they have both forms for.
        for term in termTables {
            for source in term.forms.keys {
                for target in term.forms.keys where target != source {
                    let pair = LanguagePair(source, target)
                    guard let r = term.rendering(for: pair) else { continue }
                    add([DictionaryEntry(source: r.source, target: r.target, weight: 500 + term.priority,
                                         tag: "term", origin: term.origin)], to: pair, analyzer: analyzer)
                }
            }
        }
        glossary.sort { $0.priority > $1.priority }
        version = hasher.hex
    }

    /// Builds a store from values (tests, and callers that assemble dictionaries in memory).
    public init(entries: [LanguagePair: [DictionaryEntry]], glossary: [GlossaryTerm] = [],
                analyzer: any TextAnalyzing, version: String = "memory") {
        for (pair, list) in entries { add(list, to: pair, analyzer: analyzer) }
        self.glossary = glossary.sorted { $0.priority > $1.priority }
        self.version = version
    }

    private mutating func add(_ entries: [DictionaryEntry], to pair: LanguagePair, analyzer: any TextAnalyzing) {
        // Mutate in place: copying a 40 000-entry dictionary per call made loading take seconds.
        for entry in entries { pairs[pair, default: PairDictionary(pair: pair)].add(entry, analyzer: analyzer) }
    }

    /// Languages that have a dictionary in either direction.
    public var languages: Set<Language> {
        Set(pairs.keys.flatMap { [$0.source, $0.target] })
    }
}

/// 64-bit FNV-1a, enough to tell dictionary versions apart (not a security hash).
struct FNV1a {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for b in bytes { state = (state ^ UInt64(b)) &* 0x100_0000_01b3 }
    }

    mutating func combine(_ text: String) { combine(text.utf8) }

    var hex: String { String(state, radix: 16) }
}
