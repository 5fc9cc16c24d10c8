/// Chinese marks tense and mood with particles and modal verbs, not inflection. These tables mark
/// what the English (or a pivot's final language) must show; `EnglishClauseRules` realises the
/// forms once the subject is known. Each table is tested in ChineseAspectTests.
enum ChineseAspectRules {
    /// Perfective particles after a verb (or its object, for 了): the verb is past.
    static let perfective: [String: Int] = ["了": 4, "过": 1]
    /// Verbs whose sense with a perfective particle right after them is another English verb
    /// ("备件到了" → "the parts arrived", not "to").
    static let perfectiveSenses: [String: String] = ["到": "arrive", "来": "come", "走": "leave", "完": "finish"]
    static let prohibitions: Set<String> = ["别", "不要", "不用", "别再"]
    /// Progressive markers right before a verb: "我在学" → "I am learning".
    static let progressive: Set<String> = ["在", "正在", "正"]
    /// 会/将 before a verb in a statement is the future ("will"), not ability.
    static let future: [String: String] = ["会": "will", "将": "will", "将要": "will", "就要": "will"]
    /// Skills: 会 before them is ability ("他会说日语" → "he can speak Japanese").
    static let skills: Set<String> = ["说", "讲", "写", "游泳", "开车", "做饭", "弹", "唱歌", "跳舞", "画画", "滑雪", "骑"]
    static let ability: [String: String] = ["能": "can", "可以": "can", "能够": "can"]
    /// Causatives: at the start of a request "let", after a subject "have" ("孙丽让供应商交付" →
    /// "Sun Li has the supplier deliver").
    static let causatives: [String: (request: String, statement: String)] = ["让": ("let", "have"), "叫": ("have", "have")]
    /// Adverbs that may stand between a modal and its verb (会不会, 会也, 都会).
    static let adverbsBeforeVerbs: Set<String> = ["不", "也", "都", "还", "再", "一定", "马上", "立即", "把"]

    static func isVerb(_ u: TranslationUnit) -> Bool {
        u.kind == .phrase && u.tag == "v" && !u.target.isEmpty && future[u.source] == nil && ability[u.source] == nil
            && !progressive.contains(u.source)
    }

    static func apply(to units: inout [TranslationUnit]) {
        for i in units.indices where units[i].kind == .phrase {
            let source = units[i].source
            if let window = perfective[source] {
                if i > 0, let sense = perfectiveSenses[units[i - 1].source], units[i - 1].kind == .phrase {
                    units[i - 1].target = sense
                    units[i - 1].tag = "v"
                }
                markPast(before: i, window: window, &units)
            } else if progressive.contains(source), i + 1 < units.count, isVerb(units[i + 1]), units[i + 1].form == nil {
                units[i].target = ""
                units[i].origin = "rule:在-progressive"
                units[i + 1].form = .progressive
            } else if source == "会", i + 1 < units.count, skills.contains(units[i + 1].source) {
                units[i].target = "can"
                units[i].tag = "modal"
                units[i].origin = "rule:会-skill"
            } else if let will = future[source], verbFollows(i, units) {
                units[i].target = will
                units[i].tag = "modal"
                units[i].origin = "rule:会-future"
            } else if let can = ability[source], verbFollows(i, units) {
                units[i].target = can
                units[i].tag = "modal"
                units[i].origin = "rule:能-ability"
            } else if let causative = causatives[source] {
                causativeVerb(at: i, causative, &units)
            }
        }
    }

    /// 了 after the verb or its object, 过 right after the verb: the nearest verb in the clause.
    private static func markPast(before i: Int, window: Int, _ units: inout [TranslationUnit]) {
        // 别忘了 / 不要…了 is a warning, not a past event.
        if units[0..<i].contains(where: { prohibitions.contains($0.source) }) { return }
        var j = i - 1
        while j >= 0, i - j <= window, units[j].kind != .punctuation {
            if isVerb(units[j]) {
                guard units[j].form == nil, !units[j].target.hasPrefix("will ") else { return }
                units[j].form = .past
                units[j].origin += " (rule:\(units[i].source)-past)"
                return
            }
            j -= 1
        }
    }

    private static func verbFollows(_ i: Int, _ units: [TranslationUnit]) -> Bool {
        var j = i + 1
        while j < units.count, adverbsBeforeVerbs.contains(units[j].source) {
            if units[j].source == "把" { return true }
            j += 1
        }
        return j < units.count && isVerb(units[j])
    }

    /// 让 + person + verb: the person is the causee and the verb stays bare.
    private static func causativeVerb(at i: Int, _ causative: (request: String, statement: String),
                                      _ units: inout [TranslationUnit]) {
        guard i + 2 < units.count, units[i].kind == .phrase else { return }
        let causee = units[i + 1]
        guard causee.tag == "pron" || causee.tag == "name" || ChineseSentenceRules.isNominal(causee) else { return }
        guard units[(i + 2)...].prefix(3).contains(where: isVerb) else { return }
        let opensRequest = i == 0 || units[i - 1].kind == .punctuation || ChineseSentenceRules.requestWords[units[i - 1].source] != nil
        let verb = opensRequest ? causative.request : causative.statement
        units[i].target = units[i].target.hasPrefix("will ") ? "will " + verb : verb
        units[i].tag = "v"
        units[i].origin = "rule:让-causative"
    }
}
