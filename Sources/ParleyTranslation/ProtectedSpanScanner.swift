/// Finds the spans of a message that must survive translation unchanged: code blocks and spans,
/// URLs, e-mail addresses, @mentions, #topics, numbers (with units, times, dates) and emoji.
///
/// A hand-written scanner rather than regular expressions: it runs on every message and must
/// stay linear and allocation-light.
public struct ProtectedSpanScanner: Sendable {
    /// Unit suffixes kept with a number ("20 kg", "5min", "3.5 MPa").
    static let units: Set<String> = [
        "%", "‰", "°", "°c", "°f", "k", "kg", "g", "mg", "t", "km", "m", "cm", "mm", "µm", "in", "ft",
        "l", "ml", "h", "hr", "hrs", "min", "mins", "s", "sec", "ms", "kw", "w", "mw", "kv", "v", "a", "ma",
        "hz", "khz", "mhz", "ghz", "kb", "mb", "gb", "tb", "kbps", "mbps", "gbps", "bar", "psi", "mpa", "kpa",
        "nm", "rpm", "kn", "x", "px", "pt", "am", "pm", "usd", "eur", "rmb", "cny", "元", "吨", "米", "公斤",
        "千克", "公里", "厘米", "毫米", "小时", "分钟", "秒", "天", "%", "个月", "号", "点", "年", "月", "日",
    ]

    public init() {}

    public func spans(in text: String) -> [ProtectedSpan] {
        var result: [ProtectedSpan] = []
        var i = text.startIndex
        var previous: Character? = nil
        while i < text.endIndex {
            if let (end, kind) = match(text, at: i, after: previous) {
                result.append(ProtectedSpan(kind: kind, range: i..<end, in: text))
                previous = text[text.index(before: end)]
                i = end
            } else {
                previous = text[i]
                i = text.index(after: i)
            }
        }
        return result
    }

    private func match(_ text: String, at i: String.Index, after previous: Character?) -> (String.Index, ProtectedSpan.Kind)? {
        let c = text[i]
        // Chinese and Japanese write numbers straight after a word ("有3台"): an ideograph is a boundary.
        let atWordStart = previous.map { !($0.isLetter || $0.isNumber || $0 == "_")
            || ($0.unicodeScalars.first.map(Tokenizer.isIdeographic) ?? false) } ?? true
        switch c {
        case "`":
            if text[i...].hasPrefix("```") {
                let bodyStart = text.index(i, offsetBy: 3)
                if let close = text[bodyStart...].range(of: "```") { return (close.upperBound, .codeBlock) }
                return (text.endIndex, .codeBlock)
            }
            if let close = text[text.index(after: i)...].firstIndex(of: "`") { return (text.index(after: close), .codeSpan) }
            return nil
        case "@" where atWordStart:
            let end = scanName(text, from: text.index(after: i))
            return end > text.index(after: i) ? (end, .mention) : nil
        case "#" where atWordStart:
            let end = scanName(text, from: text.index(after: i))
            return end > text.index(after: i) ? (end, .topic) : nil
        default:
            break
        }
        if atWordStart, let end = scanURL(text, at: i) { return (end, .url) }
        if atWordStart, c.isLetter || c.isNumber, let end = scanEmail(text, at: i) { return (end, .email) }
        if atWordStart, let end = scanNumber(text, at: i) { return (end, .number) }
        if isEmoji(c) {
            var end = text.index(after: i)
            while end < text.endIndex, isEmoji(text[end]) { end = text.index(after: end) }
            return (end, .emoji)
        }
        return nil
    }

    /// Letters, digits, `_`, `-`, `.`, `/` (a trailing dot or dash is sentence punctuation, not name).
    private func scanName(_ text: String, from start: String.Index) -> String.Index {
        var end = start
        while end < text.endIndex {
            let ch = text[end]
            guard ch.isLetter || ch.isNumber || "_-./".contains(ch) else { break }
            end = text.index(after: end)
        }
        while end > start, ".-/".contains(text[text.index(before: end)]) { end = text.index(before: end) }
        return end
    }

    private func scanURL(_ text: String, at i: String.Index) -> String.Index? {
        let rest = text[i...]
        let lower = rest.prefix(8).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("ftp://")
            || lower.hasPrefix("www.") else { return nil }
        var end = i
        while end < text.endIndex, !text[end].isWhitespace, !"<>\"`".contains(text[end]) { end = text.index(after: end) }
        // Trailing sentence punctuation and an unbalanced ")" belong to the sentence.
        while end > i, ".,;:!?'\")]}。，！？".contains(text[text.index(before: end)]) {
            let last = text[text.index(before: end)]
            if last == ")" && text[i..<end].contains("(") { break }
            end = text.index(before: end)
        }
        return end > i ? end : nil
    }

    private func scanEmail(_ text: String, at i: String.Index) -> String.Index? {
        var at = i
        while at < text.endIndex, text[at].isLetter || text[at].isNumber || "._%+-".contains(text[at]) {
            at = text.index(after: at)
        }
        guard at < text.endIndex, text[at] == "@", at > i else { return nil }
        let domainStart = text.index(after: at)
        let end = scanName(text, from: domainStart)
        let domain = text[domainStart..<end]
        guard domain.contains("."), !domain.hasPrefix(".") else { return nil }
        return end
    }

    private func scanNumber(_ text: String, at i: String.Index) -> String.Index? {
        var start = i
        if "$€£¥".contains(text[i]) {
            start = text.index(after: i)
            guard start < text.endIndex, text[start].isASCII, text[start].isNumber else { return nil }
        }
        guard text[start].isASCII, text[start].isNumber else { return nil }
        var end = start
        while end < text.endIndex {
            let ch = text[end]
            if ch.isASCII && ch.isNumber { end = text.index(after: end); continue }
            // Separators inside numbers: 1,000.5  10:30  2024-05-01  1/2
            if ".,:/-".contains(ch), text.index(after: end) < text.endIndex,
               text[text.index(after: end)].isASCII, text[text.index(after: end)].isNumber {
                end = text.index(after: end)
                continue
            }
            break
        }
        // A unit, directly attached or after one space, when it ends at a word boundary.
        var unitStart = end
        if unitStart < text.endIndex, text[unitStart] == " " { unitStart = text.index(after: unitStart) }
        var unitEnd = unitStart
        while unitEnd < text.endIndex, text[unitEnd].isLetter || "%‰°µ".contains(text[unitEnd]) {
            unitEnd = text.index(after: unitEnd)
            let candidate = text[unitStart..<unitEnd].lowercased()
            if Self.units.contains(candidate) {
                let boundary = unitEnd == text.endIndex || !(text[unitEnd].isLetter && text[unitEnd].isASCII)
                if boundary && !(candidate.count == 1 && unitEnd < text.endIndex && text[unitEnd].isLetter) {
                    end = unitEnd
                    if candidate.unicodeScalars.first.map({ $0.value > 0x2E80 }) == true { break }
                }
            }
        }
        // Words glued to digits ("3D", "A4") are names, not numbers: leave them to the dictionary.
        if end < text.endIndex, text[end].isLetter, text[end].isASCII { return nil }
        return end
    }

    private func isEmoji(_ c: Character) -> Bool {
        guard let first = c.unicodeScalars.first else { return false }
        if first.properties.isEmojiPresentation { return true }
        return first.properties.isEmoji && c.unicodeScalars.count > 1 && !first.isASCII
            || (first.properties.isEmoji && first.value > 0x2000 && !("©®™".contains(c)))
    }
}
