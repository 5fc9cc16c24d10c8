import ParleyDomain

/// The few reorderings a dictionary engine can do safely, by pair, on tagged units:
/// adjective-noun order between English and Romance languages, and Chinese 的 and measure words.
enum ReorderingRules {
    static let romance: Set<String> = ["es", "fr", "it", "pt", "ca", "ro"]
    /// Chinese words after which a measure word carries no meaning in English.
    static let quantifiers: Set<String> = ["这", "那", "哪", "几", "每", "一", "两", "某", "整", "多少", "这些", "那些"]

    /// `finalTarget` is the language a pivot translation ends in (zh → en → es), else `pair.target`.
    static func apply(to units: [TranslationUnit], pair: LanguagePair, finalTarget: Language? = nil) -> [TranslationUnit] {
        var units = units
        let s = pair.source.code, t = pair.target.code
        if s == "en" && romance.contains(t) {
            swapAdjacent(&units, first: "adj", second: "n")
            romanceCompounds(&units, language: t)
        } else if s == "en" && t == "de" {
            GermanWordOrder.apply(to: &units)
        } else if romance.contains(s) && t == "en" {
            swapAdjacent(&units, first: "n", second: "adj")
        } else if s == "zh" && !LanguagePair.isUnspaced(pair.target) {
            ChineseSentenceRules.apply(to: &units, target: finalTarget ?? pair.target)
            ChineseAspectRules.apply(to: &units)
            if (finalTarget ?? pair.target).code == "en" { ChineseSentenceRules.englishDePhrases(&units) }
            chineseParticles(&units)
            if let finalTarget, romance.contains(finalTarget.code) {
                ChineseSentenceRules.romanceNounPhrases(&units)
                swapAdjacent(&units, first: "adj", second: "n")
            }
            chineseLocatives(&units)
            moveTimeWords(&units, toEnd: true, words: chineseTimeWords)
            if (finalTarget ?? pair.target).code == "en" { EnglishClauseRules.apply(to: &units) }
        } else if t == "zh" && !LanguagePair.isUnspaced(pair.source) {
            moveTimeWords(&units, toEnd: false, words: englishTimeWords)
            chineseQuestions(&units)
        }
        return units
    }

    static let chineseTimeWords: Set<String> = ["昨天", "今天", "明天", "现在", "今晚", "昨晚", "明年", "去年", "今年", "上午", "下午",
                                                "晚上", "早上", "后天", "前天", "上周", "下周", "这周", "周末"]
    static let englishTimeWords: Set<String> = ["yesterday", "today", "tomorrow", "now", "tonight", "this morning",
                                                "this afternoon", "this evening", "next week", "last week", "last night",
                                                "this week", "next year", "last year", "this year", "every day"]

    /// English puts time adverbs at the end ("we go tomorrow"); Chinese right after the subject.
    private static func moveTimeWords(_ units: inout [TranslationUnit], toEnd: Bool, words: Set<String>) {
        let closing = units.lastIndex { $0.kind != .punctuation }.map { $0 + 1 } ?? units.count
        guard let i = units.indices.first(where: { words.contains(units[$0].source.lowercased()) && units[$0].kind == .phrase
                                                   && !units[$0].origin.hasPrefix("rule:time-clause") }) else { return }
        if toEnd {
            guard i > 0, i < closing - 1 else { return }
            var unit = units.remove(at: i)
            unit.spaceBefore = true
            units.insert(unit, at: closing - 1)
        } else {
            // After a leading pronoun subject ("我们明天去"), else to the front.
            let target = units.first?.tag == "pron" ? 1 : 0
            guard i > target, i == closing - 1 else { return }
            let unit = units.remove(at: i)
            units.insert(unit, at: target)
        }
    }

    /// "Can you help me?" → 你能帮我吗？; "What do you want?" → 你想要什么？
    private static func chineseQuestions(_ units: inout [TranslationUnit]) {
        guard let last = units.last, last.kind == .punctuation, last.source == "?" else { return }
        let words = units.filter { $0.kind == .phrase || $0.kind == .glossary }
        guard let first = words.first else { return }
        let wh: Set<String> = ["what", "where", "who", "which"]
        let auxiliaries: Set<String> = ["can", "could", "do", "does", "did", "is", "are", "will", "would", "should", "have", "has"]
        let firstIndex = units.firstIndex(where: { $0.kind == .phrase || $0.kind == .glossary })!
        if wh.contains(first.source.lowercased()) {
            let unit = units.remove(at: firstIndex)
            units.insert(unit, at: units.count - 1)
        } else if auxiliaries.contains(first.source.lowercased()) {
            if firstIndex + 1 < units.count, units[firstIndex + 1].tag == "pron" { units.swapAt(firstIndex, firstIndex + 1) }
            units.insert(TranslationUnit(kind: .phrase, source: "?", target: "吗", origin: "rule:yes-no-question", spaceBefore: false),
                         at: units.count - 1)
        }
    }

    /// 在 … 里/上/中 → "in/on …"; 们 marks a plural; 没(有) before a verb is a past negation.
    private static func chineseLocatives(_ units: inout [TranslationUnit]) {
        let postpositions = ["里": "in", "里面": "in", "中": "in", "内": "in", "上": "on", "下": "under", "旁边": "next to"]
        for i in units.indices {
            if let preposition = postpositions[units[i].source], i > 0, units[i - 1].tag == "n" || units[i - 1].kind == .unknown,
               let at = units[max(0, i - 4)..<i].lastIndex(where: { $0.source == "在" }) {
                units[at].target = preposition
                units[i].target = ""
                units[i].origin = "rule:locative"
            } else if units[i].source == "们", i > 0 {
                units[i].target = ""
                units[i - 1].target = Inflector.apply(.plural, to: units[i - 1].target, tag: "n", language: "en")
            } else if units[i].source == "没有" || units[i].source == "没", i + 1 < units.count, units[i + 1].tag == "v" {
                units[i].target = "didn't"
                units[i].origin = "rule:没-past-negation"
            } else if units[i].tag == "mw", i > 0, units[i - 1].source == "一" {
                units[i - 1].target = "a"
            } else if ["得", "把", "地"].contains(units[i].source), units[i].kind == .phrase {
                units[i].target = ""
                units[i].origin = "rule:structural-particle"
            }
        }
    }

    /// "of" in the Romance languages, for English noun + noun compounds.
    static let romanceOf: [String: String] = ["es": "de", "fr": "de", "pt": "de", "it": "di", "ca": "de", "ro": "de"]

    /// "supplier list" → "lista de proveedores": an English noun compound is head first with "de"
    /// in a Romance language, and a collection's members are plural.
    private static func romanceCompounds(_ units: inout [TranslationUnit], language: String) {
        guard let of = romanceOf[language] else { return }
        func noun(_ u: TranslationUnit) -> Bool { u.kind == .phrase && (u.tag == "n" || u.tag == "term") && !u.target.isEmpty }
        var i = 0
        while i + 1 < units.count {
            guard noun(units[i]), noun(units[i + 1]), units[i + 1].spaceBefore,
                  i + 2 >= units.count || !noun(units[i + 2]), i == 0 || !noun(units[i - 1]) else { i += 1; continue }
            var modifier = units[i], head = units[i + 1]
            head.spaceBefore = modifier.spaceBefore
            modifier.spaceBefore = true
            if ChineseSentenceRules.collectionNouns.contains(head.source.lowercased()) {
                modifier.target = Inflector.apply(.plural, to: modifier.target, tag: "n", language: language)
            }
            let de = TranslationUnit(kind: .phrase, source: "", target: of, tag: "prep", origin: "rule:noun-compound",
                                     spaceBefore: true)
            units.replaceSubrange(i...(i + 1), with: [head, de, modifier])
            i += 3
        }
    }

    /// "big house" → "house big" (then rendered "casa grande"), and the reverse for Romance → English.
    private static func swapAdjacent(_ units: inout [TranslationUnit], first: String, second: String) {
        var i = 0
        while i + 1 < units.count {
            // Domain terms ("excavator", "hydraulic pump") are nouns.
            func tag(_ u: TranslationUnit) -> String { u.tag == "term" ? "n" : u.tag }
            if tag(units[i]) == first, tag(units[i + 1]) == second, units[i].kind == .phrase, units[i + 1].kind == .phrase,
               units[i + 1].spaceBefore {
                let space = units[i].spaceBefore
                units.swapAt(i, i + 1)
                units[i].spaceBefore = space
                units[i + 1].spaceBefore = true
                i += 2
            } else {
                i += 1
            }
        }
    }

    /// 的 after a noun or pronoun becomes "'s"; after anything else it is dropped. A measure word
    /// after a number or demonstrative is dropped ("三台挖掘机" → "three excavators" minus plural).
    private static func chineseParticles(_ units: inout [TranslationUnit]) {
        for i in units.indices {
            let previous = i > 0 ? units[i - 1] : nil
            if units[i].source == "的" || units[i].source == "之" {
                if units[i].origin == "rule:的-possessive" { continue }
                if let p = previous, p.tag == "n", p.kind == .phrase || p.kind == .glossary, i + 1 < units.count,
                   units[i + 1].tag == "n" {
                    units[i].target = "'s"
                    units[i].spaceBefore = false
                    units[i].origin = "rule:的-possessive"
                } else {
                    units[i].target = ""
                    units[i].origin = "rule:的-dropped"
                }
            } else if units[i].tag == "mw", let p = previous,
                      p.tag == "num" || p.kind == .protected || quantifiers.contains(p.source)
                      || p.source.allSatisfy({ $0.isNumber || $0 == "," || $0 == "." }) {
                units[i].target = ""
                units[i].origin = "rule:measure-word"
            }
        }
    }
}
