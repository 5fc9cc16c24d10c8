import ParleyDomain

/// Joins translated units into text for the target language: spacing, punctuation width,
/// sentence-initial capitals and Spanish opening question and exclamation marks.
enum UnitRenderer {
    static let toFullWidth: [String: String] = [".": "。", ",": "，", "?": "？", "!": "！", ":": "：", ";": "；",
                                                "(": "（", ")": "）"]
    static let toHalfWidth: [String: String] = ["。": ".", "，": ",", "？": "?", "！": "!", "：": ":", "；": ";",
                                                "、": ",", "（": "(", "）": ")", "“": "\"", "”": "\"", "「": "\"",
                                                "」": "\"", "…": "...", "～": "~"]
    static let noSpaceBefore: Set<Character> = [".", ",", "?", "!", ":", ";", ")", "]", "}", "%", "'", "…"]
    static let noSpaceAfter: Set<Character> = ["(", "[", "{", "¿", "¡", "\"", "“"]

    static func render(_ units: [TranslationUnit], pair: LanguagePair, original: String) -> String {
        let unspacedTarget = LanguagePair.isUnspaced(pair.target)
        let unspacedSource = LanguagePair.isUnspaced(pair.source)
        var out = ""
        var previousUnit: TranslationUnit? = nil
        for unit in units {
            var piece = unit.target
            if unit.kind == .punctuation {
                piece = (unspacedTarget ? toFullWidth[piece] : toHalfWidth[piece]) ?? piece
                // Opening ¿ ¡ belong to Spanish only.
                if pair.target.code != "es", piece == "¿" || piece == "¡" { piece = "" }
            }
            guard !piece.isEmpty else { continue }
            if !out.isEmpty {
                if unspacedTarget {
                    if let a = out.last, let b = piece.first, isSpacedScript(a), isSpacedScript(b),
                       unit.spaceBefore || !unspacedSource {
                        out += " "
                    }
                } else if let first = piece.first, let last = out.last {
                    let wantSpace: Bool
                    if unit.kind == .punctuation || unit.kind == .protected, !unspacedSource {
                        wantSpace = unit.spaceBefore
                    } else if noSpaceBefore.contains(first) || piece.hasPrefix("'s") {
                        wantSpace = false
                    } else if noSpaceAfter.contains(last) && previousUnit?.kind == .punctuation {
                        wantSpace = !unspacedSource && unit.spaceBefore
                    } else {
                        wantSpace = unspacedSource || unit.spaceBefore || previousUnit?.kind != .punctuation
                    }
                    if wantSpace, !last.isWhitespace { out += " " }
                }
            }
            out += piece
            previousUnit = unit
        }
        if !unspacedTarget {
            let startsUpper = original.first(where: { $0.isLetter }).map { $0.isUppercase || !$0.isCased } ?? false
            if startsUpper, let index = out.firstIndex(where: { $0.isLetter }), out[index].isLowercase,
               units.first(where: { $0.kind != .punctuation })?.kind != .protected {
                out.replaceSubrange(index...index, with: out[index].uppercased())
            }
        }
        if pair.target.code == "es" { addSpanishOpeningMarks(&out) }
        return out
    }

    /// Where a character belongs to a script written with spaces (so two such runs need one).
    private static func isSpacedScript(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        return (s.isASCII && (c.isLetter || c.isNumber)) || (c.isLetter && !Tokenizer.isIdeographic(s))
    }

    /// "Vienes?" → "¿Vienes?" for a one-sentence message.
    private static func addSpanishOpeningMarks(_ text: inout String) {
        for (close, open) in [("?", "¿"), ("!", "¡")] {
            guard text.hasSuffix(close), !text.contains(open) else { continue }
            let body = text.dropLast()
            if body.contains(where: { ".?!".contains($0) }) { continue }
            guard let first = text.firstIndex(where: { $0.isLetter }) else { continue }
            text.insert(contentsOf: open, at: first)
        }
    }
}
