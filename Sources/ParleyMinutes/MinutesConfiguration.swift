/// Tunables of `MinutesGenerator`; the defaults are the ones the benchmark in
/// `Benchmarks/minutes` was run with.
public struct MinutesConfiguration: Hashable, Sendable {
    /// A fixed summary budget; nil scales it with the meeting (see `MinutesGenerator.defaultBudget`).
    public var summaryBudget: SummaryBudget?
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
