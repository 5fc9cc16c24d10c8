import ParleyDomain

/// Reads plain-text transcripts: a turn starts with a speaker label (`Alice: ...` or
/// `(PERSON3) ...`), and lines without a label continue the current turn.
struct TurnReader {
    enum Style { case colon, parenthesized }

    let lines: [Substring]
    let style: Style

    func read() throws(MinutesError) -> [Utterance] {
        var result: [Utterance] = []
        for (n, raw) in lines.enumerated() {
            var line = raw.trimmingSpaces()
            if line.isEmpty { continue }
            var start: Double?
            if let (time, rest) = TurnReader.leadingTimestamp(line) {
                guard time <= FieldRules.maxMeetingSeconds else {
                    throw MinutesError(.malformed, line: n + 1, "the time \(Int(time / 3600)) hours after the start is past a week; a meeting is shorter than a week")
                }
                start = time
                line = rest
            }
            let label: (Substring, Substring)? = switch style {
            case .colon: TurnReader.colonLabel(line)
            case .parenthesized: TurnReader.parenthesizedLabel(line)
            }
            if let (speaker, text) = label {
                result.append(Utterance(speaker: String(speaker), text: String(text), start: start))
            } else if !result.isEmpty {
                result[result.count - 1].text += (result[result.count - 1].text.isEmpty ? "" : "\n") + line
            } else {
                let expected = style == .colon ? "\"Speaker: text\"" : "\"(Speaker) text\""
                throw MinutesError(.malformed, line: n + 1,
                                   "expected a turn starting with \(expected), found \"\(line.prefix(40))\"")
            }
        }
        if result.contains(where: { $0.start != nil }), !result.allSatisfy({ $0.start != nil }) {
            // Times on some turns only cannot give talk time; drop them rather than guess.
            for i in result.indices { result[i].start = nil }
        }
        return result
    }

    /// `Alice: text` or `Alice：text`; the label has no sentence punctuation and is not just digits.
    static func colonLabel(_ line: Substring) -> (Substring, Substring)? {
        guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let label = line[..<colon].trimmingSpaces()
        guard !label.isEmpty, label.count <= 40,
              !label.contains(where: { ".?!。？！,，;；\"“”()".contains($0) }),
              !label.allSatisfy({ $0.isNumber || $0.isWhitespace }),
              label.split(whereSeparator: \.isWhitespace).count <= 4,
              !label.lowercased().hasPrefix("http") else { return nil }
        return (label, line[line.index(after: colon)...].trimmingSpaces())
    }

    /// `(PERSON3) text`.
    static func parenthesizedLabel(_ line: Substring) -> (Substring, Substring)? {
        guard line.first == "(", let close = line.firstIndex(of: ")") else { return nil }
        let label = line[line.index(after: line.startIndex)..<close].trimmingSpaces()
        guard !label.isEmpty, label.count <= 40, !label.contains("(") else { return nil }
        return (label, line[line.index(after: close)...].trimmingSpaces())
    }

    /// `[00:01:02] rest` or `00:01:02 rest`.
    static func leadingTimestamp(_ line: Substring) -> (Double, Substring)? {
        var rest = line
        let bracketed = rest.first == "["
        if bracketed { rest = rest.dropFirst() }
        let field = rest.prefix(while: { $0.isASCII && ($0.isNumber || $0 == ":" || $0 == "." || $0 == ",") })
        guard field.contains(":"), let seconds = CueReader.seconds(field) else { return nil }
        rest = rest[field.endIndex...]
        if bracketed {
            guard rest.first == "]" else { return nil }
            rest = rest.dropFirst()
        }
        guard rest.first?.isWhitespace ?? false else { return nil }
        return (seconds, rest.trimmingSpaces())
    }
}
