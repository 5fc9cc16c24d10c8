import Foundation

/// A `meeting.*` frame, validated by `ClientFrameParser`: every string is bounded, every time is
/// finite and within a week, every date is a real calendar day, every tag a BCP 47 tag.
public enum MeetingRequest: Sendable, Equatable {
    /// `meeting.start`: the host opens a live meeting.
    case start(MeetingStart)
    /// `meeting.utterance`: one speaker turn; `clientID` (the frame's `id`) makes a retry idempotent.
    case utterance(meeting: String, clientID: String?, speaker: String, text: String, start: Double?, end: Double?)
    /// `meeting.end`: the host closes the meeting; minutes follow.
    case end(meeting: String)
    /// `meeting.minutes`: ask for a meeting's minutes again, optionally in another language.
    case minutes(meeting: String, language: Language?)
    /// `meeting.correct`: the host replaces the minutes; `frame` is the whole frame, whose
    /// `minutes` field the parser checked to be a JSON object (the meetings feature decodes it).
    case correct(meeting: String, frame: Data)
    /// `meeting.ack`: an attendee has the minutes `version` of `meeting`; its inbox entry goes.
    case ack(meeting: String, version: Int64)

    /// The frame type, for logs and errors.
    public var kind: String {
        switch self {
        case .start: "meeting.start"
        case .utterance: "meeting.utterance"
        case .end: "meeting.end"
        case .minutes: "meeting.minutes"
        case .correct: "meeting.correct"
        case .ack: "meeting.ack"
        }
    }
}

/// What `meeting.start` (and an upload's body) says about a meeting.
public struct MeetingStart: Sendable, Equatable {
    public var title: String
    public var language: Language?
    public var date: ISODate?
    /// As sent: `id` or `id@tenant`; the meetings feature resolves them against the host's tenant.
    public var attendees: [String]
    public var conversation: String?

    public init(title: String = "Meeting", language: Language? = nil, date: ISODate? = nil, attendees: [String] = [], conversation: String? = nil) {
        self.title = title
        self.language = language
        self.date = date
        self.attendees = attendees
        self.conversation = conversation
    }
}
