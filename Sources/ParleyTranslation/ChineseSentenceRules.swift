import ParleyDomain

/// Chinese sentence patterns that word order alone gets wrong, as small rule tables over the
/// segmented units (each table has its own test in ChineseSentenceRuleTests):
/// organisation suffixes, 请/麻烦 requests, 把-constructions, 之前/之后 time clauses,
/// plurals after numbers and "will" for a future time.
enum ChineseSentenceRules {
    /// A suffix after an organisation word names a unit of it (柳工 + 部 = "department", not
    /// "ministry"; 事业部 = "division").
    static let organisationSuffixes: [String: String] = [
        "部": "department", "事业部": "division", "部门": "department", "处": "office", "组": "team", "科": "section",
        "中心": "center", "室": "office", "团队": "team", "小组": "team", "分公司": "branch", "子公司": "subsidiary",
        "工厂": "plant", "厂": "plant", "车间": "workshop", "项目组": "project team",
    ]
    /// Time-clause markers after a time or a clause: "下周五之前" → "before next Friday".
    static let clauseMarkers: [String: String] = [
        "之前": "before", "以前": "before", "前": "before", "之后": "after", "以后": "after", "后": "after",
        "的时候": "when", "时": "when", "为止": "until",
    ]
    /// The clause markers' words in the languages reached through the English pivot (an English word
    /// dictionary takes "before" for the conjunction "antes de que").
    static let markerRenderings: [String: [String: String]] = [
        "before": ["es": "antes de", "fr": "avant", "pt": "antes de", "de": "vor", "it": "prima di"],
        "after": ["es": "después de", "fr": "après", "pt": "depois de", "de": "nach", "it": "dopo"],
        "when": ["es": "cuando", "fr": "quand", "pt": "quando", "de": "wenn", "it": "quando"],
        "until": ["es": "hasta", "fr": "jusqu'à", "pt": "até", "de": "bis", "it": "fino a"],
    ]
    /// Words that make a request; the pronoun after them is dropped ("请你" → "please").
    static let requestWords: [String: String] = ["请": "please", "麻烦": "please", "烦请": "please"]
    static let requestPronouns: Set<String> = ["你", "您", "你们"]
    /// Addressees of a request that move in front: "请大家…" → "Everyone, please …".
    static let addressees: [String: String] = ["大家": "everyone", "各位": "everyone", "同事们": "colleagues"]
    /// Time words that put the sentence in the future (a date span starting "next"/"tomorrow" also does).
    static let futureWords: Set<String> = ["明天", "后天", "下周", "下个月", "明年", "下次", "以后", "将来", "月底", "周末"]
    static let modals: Set<String> = ["会", "将", "要", "能", "可以", "应该", "必须", "需要", "想", "得", "已经", "正在", "在", "请", "麻烦"]
    /// Verb + 给/到 complements, split when the object moves between them ("把X发给Y" → "send X to Y").
    static let durationEndings = ["天", "周", "星期", "个月", "年", "小时", "分钟"]
    static let complementParticles: [String: String] = ["给": "to", "到": "to"]

    /// `target` is the language the sentence ends in (a pivot's final one): "will" is English only.
    static func apply(to units: inout [TranslationUnit], target: Language) {
        organisationSenses(&units)
        numberPlurals(&units)
        baConstruction(&units)
        requests(&units)
        timeClauses(&units)
        if target.code == "en" { futureTense(&units) }
    }

    static func isWord(_ u: TranslationUnit) -> Bool { u.kind == .phrase || u.kind == .glossary || u.kind == .unknown }
    static func isNominal(_ u: TranslationUnit) -> Bool {
        u.kind == .glossary || u.kind == .unknown || u.tag == "n" || u.tag == "term" || u.tag == "name"
    }
    static func isTime(_ u: TranslationUnit) -> Bool {
        u.tag == "time" || ReorderingRules.chineseTimeWords.contains(u.source) || futureWords.contains(u.source)
    }

    /// 部/处/组… after a noun or a company name is a unit of an organisation.
    static func organisationSenses(_ units: inout [TranslationUnit]) {
        for i in units.indices.dropFirst() {
            guard let sense = organisationSuffixes[units[i].source], units[i].kind == .phrase, isNominal(units[i - 1]),
                  units[i - 1].tag != "name" else { continue }
            units[i].target = sense
            units[i].tag = "n"
            units[i].origin = "rule:organisation-suffix"
        }
    }

    /// "3台挖掘机" → "3 excavators": a count other than one makes the noun after its measure word plural.
    static func numberPlurals(_ units: inout [TranslationUnit]) {
        for i in units.indices where units[i].tag == "mw" && i > 0 && i + 1 < units.count {
            let count = units[i - 1]
            let isCount = count.source.allSatisfy { $0.isNumber || $0 == "," || $0 == "." } || (count.tag == "num" && count.source != "一")
            guard isCount, count.source != "1", isNominal(units[i + 1]), units[i + 1].kind != .glossary else { continue }
            units[i + 1].target = Inflector.apply(.plural, to: units[i + 1].target, tag: "n", language: "en")
        }
    }

    /// 把 + object + verb (+ 给/到 + recipient) → verb + the object (+ to + recipient).
    static func baConstruction(_ units: inout [TranslationUnit]) {
        guard let ba = units.firstIndex(where: { $0.source == "把" && $0.kind == .phrase }),
              let verb = units[(ba + 1)...].firstIndex(where: { $0.tag == "v" && $0.kind == .phrase }), verb > ba + 1
        else { return }
        var moved = units[verb]
        var rest: [TranslationUnit] = []
        if let particle = moved.source.last.map(String.init), let word = complementParticles[particle], moved.source.count > 1,
           moved.target.hasSuffix(" " + word) {
            moved.target = String(moved.target.dropLast(word.count + 1))
            rest.append(TranslationUnit(kind: .phrase, source: particle, target: word, tag: "prep", origin: "rule:把-complement",
                                        spaceBefore: true))
        }
        moved.spaceBefore = units[ba].spaceBefore
        moved.origin += " (rule:把-construction)"
        var object = Array(units[(ba + 1)..<verb])
        // 把 marks a definite object: a common noun takes "the".
        if let first = object.first, first.kind == .phrase, first.tag == "n" || first.tag == "term" {
            object[0].target = "the " + first.target
        }
        units.replaceSubrange(ba...verb, with: [moved] + object + rest)
    }

    /// 请/麻烦 (+ 你) … → "please …"; 请 + a name or 大家 → "Li Na, please …".
    static func requests(_ units: inout [TranslationUnit]) {
        for i in units.indices {
            guard let please = requestWords[units[i].source], units[i].kind == .phrase,
                  i == 0 || units[i - 1].kind == .punctuation else { continue }
            units[i].target = please
            units[i].tag = "adv"
            units[i].origin = "rule:request"
            guard i + 1 < units.count else { return }
            let next = units[i + 1]
            if requestPronouns.contains(next.source) {
                units.remove(at: i + 1)
            } else if next.tag == "name" || addressees[next.source] != nil {
                var addressee = units.remove(at: i + 1)
                if let word = addressees[addressee.source] { addressee.target = word }
                addressee.spaceBefore = units[i].spaceBefore
                let comma = TranslationUnit(kind: .punctuation, source: "，", target: ",", origin: "rule:request-vocative",
                                            spaceBefore: false)
                units.insert(contentsOf: [addressee, comma], at: i)
            }
            return
        }
    }

    /// "X之前" → "before X", moved to the end of the clause (or kept in front when it opens the
    /// sentence before a comma: "开会之前，…" → "Before the meeting, …").
    static func timeClauses(_ units: inout [TranslationUnit]) {
        var i = 1
        while i < units.count {
            guard let marker = clauseMarkers[units[i].source], units[i].kind == .phrase else { i += 1; continue }
            // "3天前" is "3 days ago": a duration before 前 stays where it is.
            if units[i].source == "前", durationEndings.contains(where: { units[i - 1].source.hasSuffix($0) }) {
                units[i].target = "ago"
                units[i].origin = "rule:duration-ago"
                i += 1
                continue
            }
            var start = i
            if isTime(units[i - 1]) {
                while start > 0, isTime(units[start - 1]) { start -= 1 }
            } else if let comma = units.indices.dropFirst(i + 1).first, units[comma].kind == .punctuation,
                      !units[0..<i].contains(where: { $0.kind == .punctuation }) {
                start = 0
            } else {
                i += 1
                continue
            }
            // 在 … 之前: the 在 that opens the clause has no English word of its own.
            if start > 0, units[start - 1].source == "在", units[start - 1].kind == .phrase {
                units.remove(at: start - 1)
                start -= 1
                i -= 1
            }
            var clause = Array(units[start..<i])
            var head = units[i]
            head.target = marker
            head.tag = "prep"
            head.origin = "rule:time-clause"
            head.spaceBefore = true
            for k in clause.indices { clause[k].origin = "rule:time-clause " + clause[k].origin; clause[k].spaceBefore = true }
            units.removeSubrange(start...i)
            if start == 0 {
                units.insert(contentsOf: [head] + clause, at: 0)
                i = clause.count + 1
                continue
            }
            let closing = units.lastIndex { $0.kind != .punctuation }.map { $0 + 1 } ?? units.count
            units.insert(contentsOf: [head] + clause, at: closing)
            i = start
            // Only one clause moves to the end; a second would land after the first in reverse order.
            return
        }
    }

    /// A statement about a future time puts "will" before its first verb ("完成" → "will complete").
    static func futureTense(_ units: inout [TranslationUnit]) {
        let future = units.contains { u in
            futureWords.contains(u.source) || (u.kind == .protected && u.tag == "time"
                && ["下", "明", "后"].contains(u.source.first.map(String.init) ?? ""))
        }
        guard future, let verb = units.firstIndex(where: { $0.tag == "v" && $0.kind == .phrase && !$0.target.isEmpty }),
              verb > 0, !units[0..<verb].contains(where: { modals.contains($0.source) || $0.tag == "v" }),
              units[0..<verb].contains(where: { isNominal($0) || $0.tag == "pron" }),
              !units[verb].target.hasPrefix("will ") else { return }
        units[verb].target = "will " + units[verb].target
        units[verb].origin += " (rule:future)"
    }

    /// 的 after a person's name, for an English reader, is "'s" ("李娜的报告" → "Li Na's report").
    /// (Turning common-noun phrases head first with "of", "新发动机的测试" → "the test of the new
    /// engine", was measured and dropped: Tatoeba zh-en chrF 35.9 → 35.8, domain 72.3 → 71.8.)
    static func englishDePhrases(_ units: inout [TranslationUnit]) {
        for i in units.indices.dropFirst() where units[i].source == "的" && units[i].kind == .phrase {
            guard units[i - 1].kind == .protected, units[i - 1].tag == "name" else { continue }
            units[i].target = "'s"
            units[i].spaceBefore = false
            units[i].origin = "rule:的-possessive"
        }
    }

    /// Nouns naming a collection: the noun they collect is plural after "of".
    static let collectionNouns: Set<String> = ["list", "catalog", "catalogue", "inventory", "set", "group", "number", "series",
                                               "collection", "range", "database", "register", "directory", "queue"]

    /// For a Romance reader through the English pivot, a run of Chinese nouns (with or without 的)
    /// is turned head first with "of" ("供应商名单" → "list of supplier" → "lista de proveedor"),
    /// since English noun-noun compounds come out of a Romance dictionary in the wrong order.
    static func romanceNounPhrases(_ units: inout [TranslationUnit]) {
        func nominal(_ u: TranslationUnit) -> Bool {
            (u.kind == .phrase && (u.tag == "n" || u.tag == "term")) || u.kind == .glossary || (u.kind == .protected && u.tag == "name")
        }
        var i = 0
        while i < units.count {
            guard nominal(units[i]) else { i += 1; continue }
            var parts = [units[i]]
            var j = i + 1
            while j < units.count {
                if nominal(units[j]) { parts.append(units[j]); j += 1; continue }
                if (units[j].source == "的" || units[j].source == "之"), j + 1 < units.count, nominal(units[j + 1]) {
                    parts.append(units[j + 1]); j += 2; continue
                }
                break
            }
            // A Romance noun phrase in subject or object place takes an article ("the" → la/el/le).
            let needsArticle = (i == 0 || units[i - 1].kind == .punctuation || units[i - 1].tag == "v")
                && parts[parts.count - 1].kind == .phrase && !parts.contains { $0.target.hasPrefix("the ") }
            if parts.count == 1 {
                if needsArticle, parts[0].kind == .phrase { units[i].target = "the " + units[i].target }
                i = j
                continue
            }
            let article = needsArticle || parts.contains { $0.target.hasPrefix("the ") }
            for k in parts.indices where parts[k].target.hasPrefix("the ") { parts[k].target.removeFirst(4) }
            // A collection's members are plural: "list of suppliers" → "lista de proveedores".
            if let head = parts.last, collectionNouns.contains(head.target.split(separator: " ").last.map(String.init) ?? "") {
                for k in parts.indices.dropLast() where parts[k].kind == .phrase && parts[k].tag == "n" {
                    parts[k].target = Inflector.apply(.plural, to: parts[k].target, tag: "n", language: "en")
                }
            }
            var phrase: [TranslationUnit] = []
            let space = units[i].spaceBefore
            for (k, part) in parts.reversed().enumerated() {
                var p = part
                p.spaceBefore = k == 0 ? space : true
                if k > 0 {
                    phrase.append(TranslationUnit(kind: .phrase, source: "", target: "of", tag: "prep",
                                                  origin: "rule:noun-phrase-for-romance", spaceBefore: true))
                }
                if k == 0, article, p.kind == .phrase { p.target = "the " + p.target }
                phrase.append(p)
            }
            units.replaceSubrange(i..<j, with: phrase)
            i += phrase.count
        }
    }
}
