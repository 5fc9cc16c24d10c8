import ParleyDomain

/// Reads a JSON list of `{"speaker", "content"}` turns (also `text` for content, optional
/// `start`/`end` seconds), bare or under `meeting_transcripts` or `utterances`.
struct JSONTurnReader {
    let text: String

    func read() throws(MinutesError) -> [Utterance] {
        var scanner = JSONScanner(text: text)
        let document = try scanner.parseDocument()
        var list = document
        if case .object = document.value {
            guard let inner = document["meeting_transcripts"] ?? document["utterances"] else {
                throw MinutesError(.malformed, line: document.line,
                                   "expected a list of {\"speaker\", \"content\"} turns, or an object with \"meeting_transcripts\" or \"utterances\"")
            }
            list = inner
        }
        guard case .array(let turns) = list.value else {
            throw MinutesError(.malformed, line: list.line, "expected a list of {\"speaker\", \"content\"} turns")
        }
        var result: [Utterance] = []
        for (n, turn) in turns.enumerated() {
            guard case .object = turn.value else {
                throw MinutesError(.malformed, line: turn.line, "turn \(n + 1) is not an object with \"speaker\" and \"content\"")
            }
            guard let speakerValue = turn["speaker"], case .string(let speaker) = speakerValue.value else {
                throw MinutesError(.malformed, line: turn.line, "turn \(n + 1) has no \"speaker\" string")
            }
            guard let contentValue = turn["content"] ?? turn["text"], case .string(let content) = contentValue.value else {
                throw MinutesError(.malformed, line: turn.line, "turn \(n + 1) has no \"content\" string")
            }
            result.append(Utterance(speaker: speaker.trimmingSpaces(), text: content,
                                    start: try seconds(turn["start"], "start", turn: n + 1), end: try seconds(turn["end"], "end", turn: n + 1)))
        }
        return result
    }

    /// A turn's `start`/`end`: absent, or seconds within a week of the meeting's start.
    private func seconds(_ value: JSONScanner.Located?, _ field: String, turn: Int) throws(MinutesError) -> Double? {
        guard let value else { return nil }
        switch value.value {
        case .null: return nil
        case .number(let n) where n.isFinite && n >= 0 && n <= FieldRules.maxMeetingSeconds: return n
        case .number:
            throw MinutesError(.malformed, line: value.line, "turn \(turn): \"\(field)\" must be seconds in 0...\(Int(FieldRules.maxMeetingSeconds)) (a meeting is shorter than a week)")
        default:
            throw MinutesError(.malformed, line: value.line, "turn \(turn): \"\(field)\" must be a number of seconds")
        }
    }
}
