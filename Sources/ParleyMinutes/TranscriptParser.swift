/// Reads transcripts in the formats of `TranscriptFormat`, detecting the format when not given.
///
/// Every error names the 1-based line it found the problem on, so a user can fix an upload.
public struct TranscriptParser: Sendable {
    public init() {}

    /// Parses UTF-8 bytes (a leading byte-order mark is skipped).
    public func parse(_ bytes: some Collection<UInt8>, format: TranscriptFormat? = nil) throws(MinutesError) -> Transcript {
        guard let text = String(validating: Array(bytes), as: UTF8.self) else {
            throw MinutesError(.notUTF8, "the transcript is not UTF-8 text; save it as UTF-8 and upload it again")
        }
        return try parse(text: text, format: format)
    }

    /// Parses a transcript held in a string.
    public func parse(text: String, format: TranscriptFormat? = nil) throws(MinutesError) -> Transcript {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        let lines = TranscriptParser.lines(of: body)
        guard lines.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw MinutesError(.empty, "the transcript is empty")
        }
        let chosen = format ?? TranscriptParser.detectFormat(lines: lines)
        let utterances: [Utterance]
        switch chosen {
        case .webVTT: utterances = try CueReader(lines: lines, webVTT: true).read()
        case .srt: utterances = try CueReader(lines: lines, webVTT: false).read()
        case .speakerLines: utterances = try TurnReader(lines: lines, style: .colon).read()
        case .parenthesizedTurns: utterances = try TurnReader(lines: lines, style: .parenthesized).read()
        case .json: utterances = try JSONTurnReader(text: body).read()
        }
        guard !utterances.isEmpty else {
            throw MinutesError(.empty, "the transcript has no utterances (format \(chosen.rawValue))")
        }
        return Transcript(utterances: utterances, format: chosen)
    }

    /// Guesses the format from the first non-empty lines.
    public static func detectFormat(lines: [Substring]) -> TranscriptFormat {
        let content = lines.lazy.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard let first = content.first else { return .speakerLines }
        if first.hasPrefix("WEBVTT") { return .webVTT }
        if first.hasPrefix("[") || first.hasPrefix("{") {
            // "[00:01:02] Alice: hi" is a timed speaker line, not JSON.
            if TurnReader.leadingTimestamp(first) == nil { return .json }
        }
        if Int(first) != nil, let second = content.dropFirst().first, second.contains("-->") { return .srt }
        if first.contains("-->") { return .srt }
        if TurnReader.parenthesizedLabel(first) != nil { return .parenthesizedTurns }
        return .speakerLines
    }

    /// Lines without their terminators (`\n`, `\r\n` or `\r`).
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}

extension String {
    func trimmingSpaces() -> String { String(self[...].trimmingSpaces()) }
}
