import ParleyDomain

/// Phrases that mark decisions, commitments, requests and unresolved points, per language.
///
/// English phrases are matched on the lower-cased sentence padded with spaces, so " i'll " does not
/// match inside "bill'll"; Chinese phrases are matched as substrings.
struct CuePhrases: Sendable {
    var decision: [String]
    var decisionBlockers: [String]
    /// The speaker takes the task on.
    var commitment: [String]
    var commitmentBlockers: [String]
    /// The speaker asks the person addressed to do something.
    var request: [String]
    /// A reply that accepts a request.
    var acceptance: [String]
    /// Follows a name to hand it a task ("Bob will", "李雷负责").
    var assignmentAfterName: [String]
    /// Precedes a name to hand it a task ("ask Bob to", "请李雷").
    var assignmentBeforeName: [String]
    /// Marks a point left open.
    var unresolved: [String]
    var spaced: Bool

    static func forLanguage(_ language: Language) -> CuePhrases {
        language.code == "zh" ? chinese : english
    }

    static let english = CuePhrases(
        decision: [
            " we decided", " we've decided", " we have decided", " decided to ", " decided that ", " decision is ",
            " the decision was ", " decision was made", " we agreed", " we've agreed", " we have agreed", " we all agree",
            " agreed to ", " agreed that ", " agreed on ", " it's agreed", " let's go with ", " we'll go with ",
            " we will go with ", " we're going with ", " we are going with ", " settled on ", " we settled ",
            " final decision", " it's decided", " is approved", " was approved", " approved the ", " we concluded",
            " the conclusion is", " we'll stick with ", " we will stick with ", " let's stick with ", " we chose ",
            " we've chosen ", " we have chosen ", " we're going to go with ", " we are going to go with ", " decision: ",
            " is decided", " was decided", " we'll use ", " we will use ",
        ],
        decisionBlockers: [
            " not decided", " haven't decided", " have not decided", " didn't decide", " undecided", " if we decide",
            " need to decide", " have to decide", " should decide", " yet to decide", " disagree", " don't agree",
            " not agreed", " haven't agreed", " if we agree", " do we agree", " can we agree", " could we agree",
            " not approved", " wasn't approved",
        ],
        commitment: [
            " i will ", " i'll ", " i'm going to ", " i am going to ", " i can take ", " i'll take ", " let me ",
            " i can do ", " i can send ", " i can get ", " i'm on it", " leave it with me", " i volunteer",
            " i'll handle", " i will handle", " i'll make sure", " i will make sure", " i take care", " i'll follow up",
            " i will follow up", " i'll look into", " i will look into", " i'll own ", " i will own ", " i can prepare",
        ],
        commitmentBlockers: [
            " i'll be honest", " i will be honest", " i'll say", " i will say", " i'll tell you", " i'll admit",
            " i'm going to say", " i am going to say", " let me say", " let me tell", " let me ask", " let me see",
            " let me think", " i'll be ", " i will be ", " let me just say", " let me explain", " i'll give you an example",
            " let me put it", " i'll try to explain", " if i'll", " i'll just say", " let me know", " let me finish",
            " i'll guess", " i'll argue", " i'll repeat", " let me repeat", " let me check if i understand",
        ],
        request: [
            " can you ", " could you ", " would you ", " will you ", " please ", " can you please", " would you mind",
            " could you please",
        ],
        acceptance: [
            "sure", "yes", "yeah", "ok", "okay", "will do", "no problem", "of course", "absolutely", "i can", "i will",
            "i'll", "yep", "fine", "got it", "definitely", "consider it done",
        ],
        assignmentAfterName: [
            " will ", " is going to ", " is gonna ", " can you ", " could you ", " please ", " should ", " needs to ",
            " has to ", " to ", " takes ", " will take ", " is responsible for ", " owns ", " would you ", " is on ",
        ],
        assignmentBeforeName: [
            " ask ", " asked ", " assign to ", " assigned to ", " assign it to ", " action item for ", " action for ",
            " over to ", " hand it to ", " let ",
        ],
        unresolved: [
            " open question", " still need to figure out", " need to figure out", " not sure yet", " don't know yet",
            " to be decided", " tbd", " need to decide", " needs to be decided", " unclear", " unresolved",
            " still open", " remains open", " haven't decided", " not decided", " we'll see", " still not sure",
            " to be discussed", " need to discuss", " need more discussion", " revisit",
        ],
        spaced: true)

    static let chinese = CuePhrases(
        decision: [
            "决定", "定下来", "就这么定", "就这样定", "确定了", "敲定", "达成一致", "一致同意", "大家同意", "同意了", "就按",
            "拍板", "定了", "通过了", "最终方案", "结论是", "就用", "就选", "决议",
        ],
        decisionBlockers: [
            "还没决定", "没有决定", "没决定", "不确定", "未定", "待定", "还没定", "没定", "再决定", "要决定", "需要决定",
            "决定吗", "定了吗", "决定一下", "由谁决定", "不同意", "有没有定", "定不了", "决定因素", "决定性",
        ],
        commitment: [
            "我来", "我会", "我负责", "我去", "交给我", "我这边", "我跟进", "我整理", "我准备", "我把", "我回头", "我尽快",
            "我明天", "我今天", "我下周", "我周", "我马上", "我先", "我们这边来", "包在我身上", "我可以负责", "我可以来",
        ],
        commitmentBlockers: [
            "我来说", "我来讲", "我会觉得", "我会说", "我先说", "我先讲", "我来介绍", "我觉得", "我去年", "我来自",
            "我会认为", "我先简单", "我来总结一下", "我来看", "我会看到", "讲讲我这边", "我这边的", "我会发现",
        ],
        request: ["你来", "你负责", "麻烦你", "你能不能", "你可以", "请你", "你帮", "你去", "你把", "你尽快"],
        acceptance: ["好的", "好", "没问题", "可以", "行", "收到", "ok", "OK", "好嘞", "明白", "我来", "我会"],
        assignmentAfterName: ["负责", "来", "去", "会", "你", "跟进", "准备", "整理", "把", "要", "需要", "尽快", "下周", "明天"],
        assignmentBeforeName: ["请", "麻烦", "让", "由", "交给", "安排"],
        unresolved: [
            "还不确定", "不确定", "待定", "还没定", "再讨论", "再议", "还需要确认", "有待", "还没有决定", "悬而未决",
            "需要再商量", "还要再看", "下次再", "还不清楚",
        ],
        spaced: false)
}
