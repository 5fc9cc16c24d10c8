import ParleyDomain

/// The minutes of one meeting: a pure, deterministic function of its transcript and `MeetingInfo`.
///
/// Decisions, action items and open questions point back to the utterance (index into
/// `Transcript.utterances`) and speaker they came from. The JSON form is documented in docs/minutes.md.
public struct Minutes: Hashable, Sendable, Codable {
    /// Version of this JSON shape.
    public var schema: Int = 1
    public var title: String
    public var language: Language
    public var date: CalendarDay?
    /// The summary, one sentence per element, within `budget`.
    public var summary: [String]
    public var budget: SummaryBudget
    public var keyPoints: [String]
    public var chapters: [Chapter]
    public var attendees: [Attendee]
    /// True when talk time was estimated from the amount of speech (untimed transcripts).
    public var talkTimeEstimated: Bool
    public var decisions: [MinutesItem]
    public var actionItems: [ActionItem]
    public var openQuestions: [MinutesItem]
    /// Length of the meeting in seconds (estimated when `talkTimeEstimated`).
    public var durationSeconds: Double
    public var utteranceCount: Int

    public init(title: String, language: Language, date: CalendarDay?, summary: [String], budget: SummaryBudget,
                keyPoints: [String], chapters: [Chapter], attendees: [Attendee], talkTimeEstimated: Bool,
                decisions: [MinutesItem], actionItems: [ActionItem], openQuestions: [MinutesItem],
                durationSeconds: Double, utteranceCount: Int) {
        self.title = title
        self.language = language
        self.date = date
        self.summary = summary
        self.budget = budget
        self.keyPoints = keyPoints
        self.chapters = chapters
        self.attendees = attendees
        self.talkTimeEstimated = talkTimeEstimated
        self.decisions = decisions
        self.actionItems = actionItems
        self.openQuestions = openQuestions
        self.durationSeconds = durationSeconds
        self.utteranceCount = utteranceCount
    }
}
