/// A decision or an open question, with the utterance it came from.
public struct MinutesItem: Hashable, Sendable, Codable {
    public var text: String
    /// Index into `Transcript.utterances`.
    public var utterance: Int
    public var speaker: String
    /// Seconds from the start, when the transcript is timed.
    public var start: Double?

    public init(text: String, utterance: Int, speaker: String, start: Double? = nil) {
        self.text = text
        self.utterance = utterance
        self.speaker = speaker
        self.start = start
    }
}
