import ParleyDomain

/// Reads WebVTT and SRT: blocks of an optional id, a `start --> end` line and text lines.
struct CueReader {
    let lines: [Substring]
    let webVTT: Bool

    func read() throws(MinutesError) -> [Utterance] {
        var i = 0
        func skipBlank() { while i < lines.count, lines[i].trimmingSpaces().isEmpty { i += 1 } }
        skipBlank()
        if webVTT {
            guard i < lines.count, lines[i].trimmingSpaces().hasPrefix("WEBVTT") else {
                throw MinutesError(.malformed, line: i + 1, "a WebVTT file must start with \"WEBVTT\"")
            }
            // The header block runs to the first blank line.
            while i < lines.count, !lines[i].trimmingSpaces().isEmpty { i += 1 }
        }
        var result: [Utterance] = []
        var lastSpeaker = ""
        while true {
            skipBlank()
            guard i < lines.count else { break }
            let blockStart = i
            var first = lines[i].trimmingSpaces()
            if webVTT, first.hasPrefix("NOTE") || first == "STYLE" || first == "REGION" {
                while i < lines.count, !lines[i].trimmingSpaces().isEmpty { i += 1 }
                continue
            }
            if !first.contains("-->") {
                if !webVTT, Int(first) == nil {
                    throw MinutesError(.malformed, line: i + 1, "expected a cue number, found \"\(first.prefix(40))\"")
                }
                i += 1
                guard i < lines.count, lines[i].contains("-->") else {
                    throw MinutesError(.malformed, line: min(i, lines.count - 1) + 1,
                                       "expected a cue timing line \"00:00:01.000 --> 00:00:04.000\" after line \(blockStart + 1)")
                }
                first = lines[i].trimmingSpaces()
            }
            let (start, end) = try timing(first, line: i + 1)
            i += 1
            var textLines: [Substring] = []
            while i < lines.count, !lines[i].trimmingSpaces().isEmpty {
                if lines[i].contains("-->") {
                    throw MinutesError(.malformed, line: i + 1, "a cue timing line inside a cue; separate cues with a blank line")
                }
                textLines.append(lines[i].trimmingSpaces())
                i += 1
            }
            guard !textLines.isEmpty else {
                throw MinutesError(.malformed, line: i, "the cue starting at line \(blockStart + 1) has no text")
            }
            let (speaker, text) = CueReader.speakerAndText(textLines.joined(separator: " "))
            if let speaker { lastSpeaker = speaker }
            result.append(Utterance(speaker: speaker ?? (lastSpeaker.isEmpty ? "Unknown" : lastSpeaker),
                                    text: text, start: start, end: end))
        }
        return result
    }

    private func timing(_ line: Substring, line number: Int) throws(MinutesError) -> (Double, Double) {
        let parts = line.split(separator: "-->", maxSplits: 1).map { $0.trimmingSpaces() }
        guard parts.count == 2 else {
            throw MinutesError(.malformed, line: number, "expected \"start --> end\", found \"\(line.prefix(60))\"")
        }
        let endField = parts[1].split(whereSeparator: \.isWhitespace).first ?? ""
        guard let start = CueReader.seconds(parts[0]) else {
            throw MinutesError(.malformed, line: number, "bad start time \"\(parts[0].prefix(40))\"; expected hh:mm:ss.mmm")
        }
        guard let end = CueReader.seconds(endField) else {
            throw MinutesError(.malformed, line: number, "bad end time \"\(endField.prefix(40))\"; expected hh:mm:ss.mmm")
        }
        guard end <= FieldRules.maxMeetingSeconds else {
            throw MinutesError(.malformed, line: number, "the cue ends \(Int(end / 3600)) hours after the start; a meeting is shorter than a week (168 hours)")
        }
        guard end >= start else {
            throw MinutesError(.malformed, line: number, "the cue ends (\(endField)) before it starts (\(parts[0]))")
        }
        return (start, end)
    }

    /// `hh:mm:ss.mmm`, `mm:ss.mmm` (WebVTT) or `hh:mm:ss,mmm` (SRT).
    static func seconds(_ field: Substring) -> Double? {
        let normalized = field.replacingOccurrences(",", with: ".")
        let parts = normalized.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        var total = 0.0
        for (n, part) in parts.enumerated() {
            let isLast = n == parts.count - 1
            // Twelve digits bound the value, so the sum below stays finite and exact enough.
            guard !part.isEmpty, part.count <= 12, part.allSatisfy({ $0.isASCII && ($0.isNumber || (isLast && $0 == ".")) }),
                  let value = Double(part) else { return nil }
            if n > 0, value >= 60 { return nil }
            total = total * 60 + value
        }
        return total
    }

    /// A `<v Name>` voice tag or a leading `Name:` gives the speaker; other tags are dropped.
    static func speakerAndText(_ raw: String) -> (String?, String) {
        var speaker: String?
        var text = raw
        if let open = text.firstRange(of: "<v"), let close = text[open.upperBound...].firstIndex(of: ">") {
            var name = text[open.upperBound..<close]
            if name.hasPrefix(".") { name = name.drop(while: { !$0.isWhitespace }) }
            let trimmed = name.trimmingSpaces()
            if !trimmed.isEmpty { speaker = String(trimmed) }
        }
        text = stripTags(text)
        if speaker == nil, let (label, rest) = TurnReader.colonLabel(text[...]) {
            speaker = String(label)
            text = String(rest)
        }
        return (speaker, text.trimmingSpaces())
    }

    static func stripTags(_ text: String) -> String {
        var out = ""
        var inTag = false
        for c in text {
            if c == "<" { inTag = true; continue }
            if c == ">" && inTag { inTag = false; continue }
            if !inTag { out.append(c) }
        }
        return out
    }
}

extension StringProtocol {
    func replacingOccurrences(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
