/// A stretch of the meeting on one topic.
public struct Chapter: Hashable, Sendable, Codable {
    /// The chapter's most distinctive keywords, joined.
    public var title: String
    public var keywords: [String]
    /// First and last utterance (indexes into `Transcript.utterances`, inclusive).
    public var firstUtterance: Int
    public var lastUtterance: Int
    /// Seconds from the start (estimated when `Minutes.talkTimeEstimated`).
    public var start: Double
    public var end: Double

    public init(title: String, keywords: [String], firstUtterance: Int, lastUtterance: Int, start: Double, end: Double) {
        self.title = title
        self.keywords = keywords
        self.firstUtterance = firstUtterance
        self.lastUtterance = lastUtterance
        self.start = start
        self.end = end
    }
}
