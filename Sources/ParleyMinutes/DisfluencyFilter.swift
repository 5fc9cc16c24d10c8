import ParleyDomain

/// Removes what should never reach minutes: annotation marks (`{vocalsound}`, `{disfmarker}`,
/// `<censored/>`, `<laugh/>`, `[inaudible]`), fillers (um, uh, ehm; 嗯, 呃) and stutters ("just just").
///
/// Upper-case bracketed tags such as `[PERSON10]` are anonymised names, not annotations, and stay.
/// Tokenised text as QMSum ships it ("we 're on .") is joined back ("we're on.").
public struct DisfluencyFilter: Sendable {
    public init() {}

    /// English fillers and back-channels, matched as whole words without case.
    static let englishFillers: Set<String> = [
        "um", "umm", "uh", "uhh", "uhm", "erm", "ehm", "em", "eh", "er", "hmm", "hm", "mm", "mmm", "mhm",
        "mm-hmm", "mm-mm", "uh-huh", "uh-uh", "ah", "ahh", "huh", "ehh",
    ]
    /// Chinese fillers removed wherever they appear.
    static let chineseFillers: Set<Character> = ["嗯", "呃", "唔", "呣"]
    /// Chinese interjections removed only at the edges of a clause (额 is also "amount", as in 金额).
    static let chineseEdgeFillers: Set<Character> = ["额", "啊", "哦", "噢"]

    public func clean(_ text: String) -> String {
        var s = removeAnnotations(text)
        s = removeChineseFillers(s)
        s = removeWordFillers(s)
        return tidyPunctuation(s)
    }

    /// Drops `{...}`, `<...>` and lower-case `[...]` spans.
    func removeAnnotations(_ text: String) -> String {
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "{" || c == "<" || c == "[" {
                let close: Character = c == "{" ? "}" : (c == "<" ? ">" : "]")
                if let end = text[i...].firstIndex(of: close) {
                    let inner = text[text.index(after: i)..<end]
                    let isAnnotation = c != "[" || !inner.contains(where: { $0.isUppercase })
                    if isAnnotation {
                        out.append(" ")
                        i = text.index(after: end)
                        continue
                    }
                }
            }
            out.append(c)
            i = text.index(after: i)
        }
        return out
    }

    func removeChineseFillers(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x3000 }) else { return text }
        let chars = Array(text)
        var out = ""
        for (n, c) in chars.enumerated() {
            if DisfluencyFilter.chineseFillers.contains(c) { continue }
            if DisfluencyFilter.chineseEdgeFillers.contains(c) {
                let before = n == 0 ? nil : chars[n - 1]
                let after = n + 1 < chars.count ? chars[n + 1] : nil
                let atEdge = before == nil || after == nil || before!.isClauseMark || after!.isClauseMark
                    || DisfluencyFilter.chineseFillers.contains(after!) || DisfluencyFilter.chineseEdgeFillers.contains(after!)
                if atEdge { continue }
            }
            out.append(c)
        }
        return out
    }

    func removeWordFillers(_ text: String) -> String {
        var kept: [Substring] = []
        var lastKey = ""
        for token in text.split(whereSeparator: \.isWhitespace) {
            let key = token.lowercased().trimmingCharacters(where: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "-" })
            if DisfluencyFilter.englishFillers.contains(key) {
                // Keep a sentence end the filler carried ("okay, um." → "okay.").
                if let end = token.last, ".?!".contains(end), !kept.isEmpty { kept[kept.count - 1] += String(end) }
                continue
            }
            // Stutters: the same word twice in a row ("I I", "just just").
            if !key.isEmpty, key == lastKey, key.first?.isLetter == true, key.count < 12,
               let previous = kept.last, previous.last?.isLetter == true || previous.last == "'" {
                kept[kept.count - 1] = token
                continue
            }
            kept.append(token)
            lastKey = key.isEmpty ? lastKey : key
        }
        return kept.joined(separator: " ")
    }

    /// Joins tokenised punctuation and contractions, drops dangling dashes and doubled marks.
    func tidyPunctuation(_ text: String) -> String {
        var tokens: [String] = []
        for raw in text.split(whereSeparator: \.isWhitespace) {
            var token = String(raw)
            if token == "-" || token == "--" || token == "-." { if token == "-." { token = "." } else { continue } }
            let attaches = token.allSatisfy({ ",.?!;:%)".contains($0) }) || token.hasPrefix("'") && token.count <= 3
                || token == "n't"
            if attaches, let last = tokens.last {
                if token.first.map({ ",.?!;:".contains($0) }) == true, let lastChar = last.last, ",.?!;:".contains(lastChar) {
                    // "okay , ." → "okay."
                    tokens[tokens.count - 1] = String(last.dropLast()) + token
                } else {
                    tokens[tokens.count - 1] = last + token
                }
            } else {
                tokens.append(token)
            }
        }
        var s = tokens.joined(separator: " ")
        // Chinese marks left doubled or leading after fillers went away.
        var out = ""
        for c in s {
            if c.isClauseMark, let last = out.last, last.isClauseMark || last == " " && out.count == 1 {
                if "。？！?!.".contains(c) { out.removeLast(); out.append(c) }
                continue
            }
            if c.isClauseMark, out.allSatisfy(\.isWhitespace) { continue }
            out.append(c)
        }
        s = out
        while let f = s.first, f.isWhitespace || ",，、.;；".contains(f) { s.removeFirst() }
        while let l = s.last, l.isWhitespace || ",，、".contains(l) { s.removeLast() }
        return s
    }
}

extension Character {
    /// Punctuation that ends a clause or sentence, in Latin and CJK text.
    var isClauseMark: Bool { "，。！？、；：,.!?;".contains(self) }
}

extension StringProtocol {
    func trimmingCharacters(where predicate: (Character) -> Bool) -> String {
        var s = Substring(self)
        while let f = s.first, predicate(f) { s.removeFirst() }
        while let l = s.last, predicate(l) { s.removeLast() }
        return String(s)
    }
}
