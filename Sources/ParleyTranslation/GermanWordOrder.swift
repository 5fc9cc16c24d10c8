/// German clause order for text translated word by word from English (tested in GermanWordOrderTests):
/// - the non-finite verb after a modal or auxiliary goes to the end of its clause
///   ("wir werden senden den Bericht" → "wir werden den Bericht senden");
/// - verb second: after a fronted adverbial the finite verb comes before the subject
///   ("Morgen wir werden …" → "Morgen werden wir …");
/// - in a subordinate clause (weil, dass, wenn, ob, obwohl) the finite verb comes last;
/// - the finite verb agrees with a pronoun subject (ich habe, wir werden, er hat).
enum GermanWordOrder {
    /// English auxiliaries and modals whose next verb is non-finite.
    static let modals: Set<String> = ["will", "would", "can", "could", "must", "should", "may", "might", "shall", "won't",
                                      "can't", "cannot"]
    static let perfectAuxiliaries: Set<String> = ["have", "has", "had"]
    /// English subordinating conjunctions ("that" only after a verb).
    static let subordinators: Set<String> = ["because", "if", "when", "although", "whether", "while", "since", "that",
                                             "before", "after", "until", "unless"]
    static let frontedAdverbials: Set<String> = ["today", "tomorrow", "yesterday", "now", "then", "soon", "later", "here",
                                                 "there", "unfortunately", "usually", "sometimes", "often", "first", "finally"]
    /// Present tense of the verbs an English auxiliary becomes, by person: ich, du, er/sie/es, wir, ihr, sie/Sie.
    static let conjugations: [String: [String]] = [
        "werden": ["werde", "wirst", "wird", "werden", "werdet", "werden"],
        "haben": ["habe", "hast", "hat", "haben", "habt", "haben"],
        "sein": ["bin", "bist", "ist", "sind", "seid", "sind"],
        "können": ["kann", "kannst", "kann", "können", "könnt", "können"],
        "müssen": ["muss", "musst", "muss", "müssen", "müsst", "müssen"],
        "wollen": ["will", "willst", "will", "wollen", "wollt", "wollen"],
        "sollen": ["soll", "sollst", "soll", "sollen", "sollt", "sollen"],
        "dürfen": ["darf", "darfst", "darf", "dürfen", "dürft", "dürfen"],
    ]
    /// Every listed form → its infinitive.
    static let infinitives: [String: String] = {
        var map: [String: String] = [:]
        for (infinitive, forms) in conjugations { for f in forms { map[f] = infinitive } }
        return map
    }()
    static let persons: [String: Int] = ["i": 0, "he": 2, "she": 2, "it": 2, "we": 3, "they": 5]
    static let clauseBreaks: Set<String> = [",", ";", ".", "!", "?", ":"]

    static func apply(to units: inout [TranslationUnit]) {
        var start = 0
        while start < units.count {
            var end = start
            while end < units.count, !(units[end].kind == .punctuation && clauseBreaks.contains(units[end].source)) { end += 1 }
            var clause = Array(units[start..<end])
            reorder(&clause)
            units.replaceSubrange(start..<end, with: clause)
            start += clause.count + 1
        }
    }

    static func isWord(_ u: TranslationUnit) -> Bool { u.kind == .phrase || u.kind == .unknown || u.kind == .glossary }

    /// A main clause, possibly followed by one subordinate clause.
    private static func reorder(_ c: inout [TranslationUnit]) {
        var main = c, subordinate: [TranslationUnit] = []
        if let s = c.indices.dropFirst().first(where: { isSubordinator(at: $0, in: c) }) {
            main = Array(c[..<s])
            subordinate = Array(c[s...])
        }
        mainClause(&main)
        if !subordinate.isEmpty {
            if subordinate[0].source.lowercased() == "that" { subordinate[0].target = "dass" }
            subordinateClause(&subordinate)
            // German sets every subordinate clause off with a comma.
            subordinate.insert(TranslationUnit(kind: .punctuation, source: ",", target: ",", origin: "rule:german-comma",
                                               spaceBefore: false), at: 0)
        }
        c = main + subordinate
    }

    private static func isSubordinator(at i: Int, in c: [TranslationUnit]) -> Bool {
        let word = c[i].source.lowercased()
        guard c[i].kind == .phrase, subordinators.contains(word) else { return false }
        // "that" is a conjunction after a verb ("I know that he …"), else a pronoun or determiner.
        if word == "that" { return i > 0 && isFinite(c[i - 1]) && i + 1 < c.count && c[i + 1].tag == "pron" }
        return i + 1 < c.count
    }

    /// The subject (a pronoun, or determiners and nouns) starting at `i`; returns the index after it.
    private static func subjectEnd(from i: Int, in c: [TranslationUnit]) -> Int? {
        guard i < c.count else { return nil }
        if c[i].tag == "pron" { return i + 1 }
        var j = i
        while j < c.count, c[j].tag == "det" || c[j].tag == "adj" || c[j].tag == "n" || c[j].tag == "term" || c[j].kind == .glossary {
            j += 1
        }
        // After a determiner one untagged word is the noun (most generated entries carry no tag).
        if j > i, c[j - 1].tag == "det", j < c.count, c[j].tag.isEmpty, isWord(c[j]) { j += 1 }
        return j > i && c[i..<j].contains(where: { $0.tag != "det" }) ? j : nil
    }

    /// Right after the subject an English word is its verb, unless the dictionary says otherwise.
    private static func isFinite(_ u: TranslationUnit) -> Bool {
        let s = u.source.lowercased()
        return modals.contains(s) || perfectAuxiliaries.contains(s) || u.tag == "v" || (u.tag.isEmpty && u.kind == .phrase)
    }

    /// The non-finite verb after the finite one at `f`, if English says there is one.
    private static func nonFinite(after f: Int, in c: [TranslationUnit]) -> Int? {
        let s = c[f].source.lowercased()
        var j = f + 1
        while j < c.count, c[j].tag == "adv" { j += 1 }
        guard j < c.count, isWord(c[j]), c[j].kind != .glossary else { return nil }
        if modals.contains(s) { return j }
        if perfectAuxiliaries.contains(s) {
            let next = c[j].source.lowercased()
            let participle = next.hasSuffix("ed") || next.hasSuffix("en") || EnglishVerbForms.irregularPast.values.contains(next)
            return participle ? j : nil
        }
        return nil
    }

    private static func mainClause(_ c: inout [TranslationUnit]) {
        guard let first = c.firstIndex(where: isWord) else { return }
        var subjectStart = first
        let fronted = frontedAdverbials.contains(c[first].source.lowercased()) || c[first].tag == "time"
        if fronted { subjectStart = first + 1 }
        guard let end = subjectEnd(from: subjectStart, in: c), end < c.count, isFinite(c[end]) else { return }
        let f = end
        agree(&c[f], subject: c[subjectStart])
        if let n = nonFinite(after: f, in: c) {
            let verb = c.remove(at: n)
            c.append(verb)
        }
        if fronted {
            let verb = c.remove(at: f)
            c.insert(verb, at: subjectStart)
        }
    }

    private static func subordinateClause(_ c: inout [TranslationUnit]) {
        guard let end = subjectEnd(from: 1, in: c), end < c.count, isFinite(c[end]) else { return }
        agree(&c[end], subject: c[1])
        let n = nonFinite(after: end, in: c)
        var verbs: [TranslationUnit] = []
        if let n { verbs.append(c.remove(at: n)) }
        verbs.append(c.remove(at: end))
        c.append(contentsOf: verbs)
    }

    /// "Ich haben" → "Ich habe", "wir wird" → "wir werden", "ich kennen" → "ich kenne".
    private static func agree(_ verb: inout TranslationUnit, subject: TranslationUnit) {
        guard subject.tag == "pron", let person = persons[subject.source.lowercased()] else { return }
        if let infinitive = infinitives[verb.target], let forms = conjugations[infinitive] {
            verb.target = forms[person]
        } else if verb.tag == "v", !verb.target.contains(" "), verb.target.hasSuffix("en"), verb.target.count > 4 {
            // A regular infinitive: ich -e, er -t, wir/sie -en.
            let stem = verb.target.dropLast(2)
            let endsInDental = stem.hasSuffix("t") || stem.hasSuffix("d")
            verb.target = [stem + "e", stem + (endsInDental ? "est" : "st"), stem + (endsInDental ? "et" : "t"),
                           verb.target, stem + (endsInDental ? "et" : "t"), verb.target][person]
        }
    }
}
