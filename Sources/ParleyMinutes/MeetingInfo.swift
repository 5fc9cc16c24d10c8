import ParleyDomain

/// What the host says about a meeting, as opposed to what was said in it.
public struct MeetingInfo: Hashable, Sendable, Codable {
    public var title: String
    /// The language the meeting was held in; decides sentence breaking, stopwords and cue phrases.
    public var language: Language
    /// The day of the meeting; relative due dates ("by Friday", "下周五前") resolve against it.
    public var date: CalendarDay?
    /// Invited attendees; speakers not listed here are added from the transcript.
    public var attendees: [String]

    public init(title: String = "", language: Language = .english, date: CalendarDay? = nil, attendees: [String] = []) {
        self.title = title
        self.language = language
        self.date = date
        self.attendees = attendees
    }
}
