import ParleyDomain
@testable import ParleyTranslation

/// A small zh-en and en-es dictionary for the Chinese failure-class tests. Senses are listed the
/// way CC-CEDICT lists them (部 → "ministry", 李 → "plum") so the rules have something to fix.
enum ChineseFixtures {
    static let zhEn: [DictionaryEntry] = [
        .init(source: "请", target: "please", tag: "v"), .init(source: "麻烦", target: "inconvenient", tag: "adj"),
        .init(source: "你", target: "you", tag: "pron"), .init(source: "我们", target: "we", tag: "pron"),
        .init(source: "明天", target: "tomorrow", tag: "n"), .init(source: "把", target: "hold", tag: "prep"),
        .init(source: "供应商", target: "supplier", tag: "n"), .init(source: "名单", target: "list", tag: "n"),
        .init(source: "发给", target: "send to", tag: "v"), .init(source: "大家", target: "everyone", tag: "pron"),
        .init(source: "挖掘机", target: "excavator", tag: "n"), .init(source: "事业", target: "undertaking", tag: "n"),
        .init(source: "部", target: "ministry", tag: "n"), .init(source: "部下", target: "troops under one's command", tag: "n"),
        .init(source: "完成", target: "complete", tag: "v"), .init(source: "装载机", target: "loader", tag: "n"),
        .init(source: "的", target: "of", tag: "part"), .init(source: "设计", target: "design", tag: "n"),
        .init(source: "评审", target: "review", tag: "n"), .init(source: "之前", target: "before"),
        .init(source: "之后", target: "afterwards"), .init(source: "开会", target: "have a meeting", tag: "v"),
        .init(source: "检查", target: "check", tag: "v"), .init(source: "李", target: "plum", tag: "n"),
        .init(source: "娜", target: "elegant"), .init(source: "王", target: "king", tag: "n"),
        .init(source: "高兴", target: "happy", tag: "adj"), .init(source: "很", target: "very", tag: "adv"),
        .init(source: "我", target: "I", tag: "pron"), .init(source: "说", target: "say", tag: "v"),
        .init(source: "负责", target: "be responsible for", tag: "v"), .init(source: "测试", target: "test", tag: "n"),
        .init(source: "台", target: "platform", tag: "mw"), .init(source: "有", target: "have", tag: "v"),
        .init(source: "下", target: "down"), .init(source: "周", target: "week", tag: "n"), .init(source: "五", target: "five", tag: "num"),
        .init(source: "价格", target: "price", tag: "n"), .init(source: "是", target: "is", tag: "v"),
        .init(source: "经理", target: "manager", tag: "n"), .init(source: "马", target: "horse", tag: "n"),
        .init(source: "和", target: "and", tag: "conj"), .init(source: "前", target: "front"), .init(source: "在", target: "at", tag: "prep"), .init(source: "报告", target: "report", tag: "n"),
        // Aspect, modality, causatives and questions (ChineseAspectTests).
        .init(source: "了", target: "", tag: "part"), .init(source: "过", target: "", tag: "part"),
        .init(source: "正在", target: "just at"), .init(source: "会", target: "can", tag: "v"),
        .init(source: "能", target: "can", tag: "v"), .init(source: "让", target: "yield", tag: "v"),
        .init(source: "吗", target: "", tag: "part"), .init(source: "确认", target: "confirm", tag: "v"),
        .init(source: "他", target: "he", tag: "pron"), .init(source: "她", target: "she", tag: "pron"),
        .init(source: "不", target: "not", tag: "adv"), .init(source: "知道", target: "know", tag: "v"),
        .init(source: "见", target: "see", tag: "v"), .init(source: "到", target: "to", tag: "v"),
        .init(source: "备件", target: "spare parts", tag: "n"), .init(source: "我的", target: "my", tag: "pron"),
    ]
    static let enEs: [DictionaryEntry] = [
        .init(source: "please", target: "por favor"), .init(source: "send", target: "envía", tag: "v"),
        .init(source: "to", target: "a", tag: "prep"), .init(source: "the", target: "el", tag: "det"),
        .init(source: "list", target: "lista", tag: "n"), .init(source: "of", target: "de", tag: "prep"),
        .init(source: "supplier", target: "proveedor", tag: "n"), .init(source: "everyone", target: "todos", tag: "pron"),
        .init(source: "tomorrow", target: "mañana", tag: "adv"), .init(source: "before", target: "antes de", tag: "prep"),
        .init(source: "na", target: "sodio", tag: "n"), .init(source: "li", target: "litio", tag: "n"),
        .init(source: "complete", target: "completar", tag: "v"), .init(source: "will complete", target: "completará", tag: "v"),
        .init(source: "division", target: "división", tag: "n"), .init(source: "confirm", target: "confirmar", tag: "v"),
        .init(source: "report", target: "informe", tag: "n"), .init(source: "excavator", target: "excavadora", tag: "n"),
    ]
    static let glossary = [GlossaryTerm(forms: [.chinese: "柳工", .english: "LiuGong"], priority: 90, renderAs: "LiuGong")]

    static func engine() -> DictionaryEngine {
        let store = DictionaryStore(entries: [LanguagePair(.chinese, .english): zhEn, LanguagePair(.english, .spanish): enEs],
                                    glossary: glossary, analyzer: Fixtures.analyzer, version: "zh-fixture")
        return DictionaryEngine(store: store, analyzer: Fixtures.analyzer)
    }

    static func en(_ text: String, names: [String: String] = [:]) -> String {
        engine().translate(text, pair: LanguagePair(.chinese, .english), names: names).text
    }

    static func es(_ text: String) -> String {
        engine().translate(text, pair: LanguagePair(.chinese, .spanish)).text
    }
}
