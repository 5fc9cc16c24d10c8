/// A meeting as the store keeps it, from `meeting.start` on: who hosts it, who attends, and how
/// far it got. The store is the truth; a restarted daemon continues from these fields.
public struct Meeting: Sendable, Equatable {
    /// Where a meeting is in its life. Every step is stored before the next begins, so a restart
    /// resumes at the step that was interrupted.
    public enum State: String, Sendable, Codable {
        /// Open: utterances are being appended.
        case live
        /// Closed by its host (or by silence); minutes are not stored yet.
        case ended
        /// Minutes (latest version `minutesVersion`) are stored and in every attendee's inbox.
        case concluded
    }

    public var id: String
    public var host: UserRef
    /// Everyone who receives the minutes, host included.
    public var attendees: [UserRef]
    public var title: String
    public var language: Language
    public var date: ISODate?
    /// The group the minutes are also posted into.
    public var conversation: String?
    public var state: State
    /// Milliseconds since 1970.
    public var startedAt: Int64
    /// When the last utterance was stored (or the meeting started): the silence timeout counts from it.
    public var lastActivity: Int64
    public var endedAt: Int64?
    public var utteranceCount: Int64
    /// The newest stored minutes version; 0 before the first.
    public var minutesVersion: Int64
    /// The version last posted into `conversation` (posting is idempotent, so it may be redone).
    public var postedVersion: Int64

    public init(id: String, host: UserRef, attendees: [UserRef], title: String, language: Language, date: ISODate?,
                conversation: String?, state: State = .live, startedAt: Int64, lastActivity: Int64, endedAt: Int64? = nil,
                utteranceCount: Int64 = 0, minutesVersion: Int64 = 0, postedVersion: Int64 = 0) {
        self.id = id
        self.host = host
        self.attendees = attendees
        self.title = title
        self.language = language
        self.date = date
        self.conversation = conversation
        self.state = state
        self.startedAt = startedAt
        self.lastActivity = lastActivity
        self.endedAt = endedAt
        self.utteranceCount = utteranceCount
        self.minutesVersion = minutesVersion
        self.postedVersion = postedVersion
    }
}

/// One stored speaker turn of a meeting; `number` counts from 1 in arrival order.
public struct MeetingUtterance: Sendable, Equatable {
    public var number: Int64
    public var speaker: String
    public var text: String
    public var start: Double?
    public var end: Double?

    public init(number: Int64, speaker: String, text: String, start: Double?, end: Double?) {
        self.number = number
        self.speaker = speaker
        self.text = text
        self.start = start
        self.end = end
    }
}

/// An utterance on its way to the store through the group-commit writer.
public struct UtteranceAppend: Sendable {
    public var meeting: String
    /// The frame's `id`: a retry with the same id is stored once and acked with the same number.
    public var clientID: String?
    public var speaker: String
    public var text: String
    public var start: Double?
    public var end: Double?

    public init(meeting: String, clientID: String?, speaker: String, text: String, start: Double?, end: Double?) {
        self.meeting = meeting
        self.clientID = clientID
        self.speaker = speaker
        self.text = text
        self.start = start
        self.end = end
    }
}
