/// One speaker turn of a transcript: who spoke, what they said and, when known, when.
public struct Utterance: Hashable, Sendable, Codable {
    /// Display name of the speaker as the transcript gives it ("Alice", "PERSON3", "Grad E").
    public var speaker: String
    /// What was said, as transcribed (annotation marks and fillers included; minutes filter them).
    public var text: String
    /// Seconds from the start of the meeting, when the transcript has times.
    public var start: Double?
    /// Seconds from the start of the meeting, when the transcript has times.
    public var end: Double?

    public init(speaker: String, text: String, start: Double? = nil, end: Double? = nil) {
        self.speaker = speaker
        self.text = text
        self.start = start
        self.end = end
    }
}
