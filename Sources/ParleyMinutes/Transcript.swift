/// A meeting transcript: utterances in the order they were spoken.
///
/// Items in `Minutes` point back into `utterances` by index.
public struct Transcript: Hashable, Sendable, Codable {
    public var utterances: [Utterance]
    /// The format the transcript was parsed from; nil when built from live utterances.
    public var format: TranscriptFormat?

    public init(utterances: [Utterance], format: TranscriptFormat? = nil) {
        self.utterances = utterances
        self.format = format
    }

    /// Speakers in order of first appearance.
    public var speakers: [String] {
        var seen = Set<String>()
        return utterances.compactMap { seen.insert($0.speaker).inserted ? $0.speaker : nil }
    }

    /// True when every utterance has a start time.
    public var isTimed: Bool { !utterances.isEmpty && utterances.allSatisfy { $0.start != nil } }
}
