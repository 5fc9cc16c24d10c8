/// The transcript formats `TranscriptParser` reads.
public enum TranscriptFormat: String, Hashable, Sendable, Codable, CaseIterable {
    /// WebVTT: `WEBVTT` header, cues with `00:00:01.000 --> 00:00:04.000`, speakers as `<v Name>` or `Name:`.
    case webVTT = "vtt"
    /// SubRip: numbered cues with `00:00:01,000 --> 00:00:04,000`, speakers as `Name:` in the text.
    case srt
    /// Plain text, one turn per `Speaker: text` line; lines without a label continue the turn.
    case speakerLines = "lines"
    /// Plain text, turns starting with `(PERSON3) text`; lines without a label continue the turn.
    case parenthesizedTurns = "turns"
    /// JSON: a list of `{"speaker": ..., "content": ...}`, or an object holding one under
    /// `meeting_transcripts` (QMSum) or `utterances`.
    case json
}
