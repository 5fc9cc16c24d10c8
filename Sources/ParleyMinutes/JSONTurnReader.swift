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
                                    start: number(turn["start"]), end: number(turn["end"])))
        }
        return result
    }

    private func number(_ value: JSONScanner.Located?) -> Double? {
        if case .number(let n)? = value?.value { return n }
        return nil
    }
}
