/// Tunables of `MinutesGenerator`; the defaults are the ones the benchmark in
/// `Benchmarks/minutes` was run with.
public struct MinutesConfiguration: Hashable, Sendable {
    /// A fixed summary budget; nil scales it with the meeting (see `MinutesGenerator.defaultBudget`).
    public var summaryBudget: SummaryBudget?
    /// Summary sentence scoring: length penalty exponent (0 favours long sentences, 1 dense ones).
    public var summaryLengthExponent: Double = 0.8
    /// Summary sentence scoring: weight of a term a picked sentence already covers.
    public var summaryCoveredWeight: Double = 0.1
    /// Summary sentence scoring: a term weighs (sentences using it)^exponent.
    public var summaryTermExponent: Double = 1.5
    /// Summary sentences have at least this many words (characters in Chinese and Japanese: 1.5 times this).
    public var summaryMinimumWords: Int = 12
    /// Open the summary with an overview sentence naming the meeting's main topics.
    public var summaryOverview: Bool = true
    /// How many topics the overview sentence names.
    public var overviewTopics: Int = 4
    /// Prefix summary sentences with their speaker ("Tom: …").
    public var summaryAttribution: Bool = false
    /// At most this many key points.
    public var maxKeyPoints: Int = 8
    /// At most this many chapters.
    public var maxChapters: Int = 12
    /// At most this many open questions.
    public var maxOpenQuestions: Int = 10

    public init(summaryBudget: SummaryBudget? = nil) {
        self.summaryBudget = summaryBudget
    }
}
