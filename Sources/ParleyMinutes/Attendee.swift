/// An attendee and how much they spoke.
public struct Attendee: Hashable, Sendable, Codable {
    public var name: String
    /// Seconds of speech (estimated when `Minutes.talkTimeEstimated`).
    public var talkSeconds: Double
    public var utterances: Int
    /// Share of the meeting's talk time, 0…1.
    public var share: Double

    public init(name: String, talkSeconds: Double, utterances: Int, share: Double) {
        self.name = name
        self.talkSeconds = talkSeconds
        self.utterances = utterances
        self.share = share
    }
}
