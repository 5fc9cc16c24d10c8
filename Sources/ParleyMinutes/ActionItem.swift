/// Something someone is to do, with who and by when, and the utterance it came from.
public struct ActionItem: Hashable, Sendable, Codable {
    /// How the owner was found.
    public enum OwnerSource: String, Hashable, Sendable, Codable {
        /// The speaker committed ("I'll send it", "我来负责").
        case speaker
        /// The speaker named or @mentioned someone ("Bob will…", "请李雷…", "@carol please…").
        case named
        /// The speaker asked, and the next speaker agreed ("Can you…?" – "Sure.").
        case reply
    }

    public var text: String
    public var owner: String?
    public var ownerSource: OwnerSource?
    /// The due date resolved against the meeting date.
    public var due: CalendarDay?
    /// The due phrase as said ("by Friday", "下周五前"), kept even when it cannot be resolved.
    public var dueText: String?
    /// Index into `Transcript.utterances`.
    public var utterance: Int
    public var speaker: String
    public var start: Double?

    public init(text: String, owner: String?, ownerSource: OwnerSource?, due: CalendarDay?, dueText: String?,
                utterance: Int, speaker: String, start: Double? = nil) {
        self.text = text
        self.owner = owner
        self.ownerSource = ownerSource
        self.due = due
        self.dueText = dueText
        self.utterance = utterance
        self.speaker = speaker
        self.start = start
    }
}
