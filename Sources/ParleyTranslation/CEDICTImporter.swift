/// Reads CC-CEDICT lines (`傳統 传统 [chuan2 tong3] /tradition/traditional/`) into zh→en entries:
/// the first usable sense of each simplified headword, "to " stripped from verbs.
public enum CEDICTImporter {
    public static func parse(_ text: String, file: String) -> (entries: [DictionaryEntry], problems: [TranslationError]) {
        var entries: [DictionaryEntry] = []
        var problems: [TranslationError] = []
        for (lineNumber, line) in DictionaryFormat.contentLines(text) {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]"), open < close,
                  let slash = line[close...].firstIndex(of: "/"), line.hasSuffix("/"), slash < line.index(before: line.endIndex) else {
                problems.append(.malformedLine(file: file, line: lineNumber,
                                               reason: "expected 'TRADITIONAL SIMPLIFIED [pin1 yin1] /sense/sense/'"))
                continue
            }
            let senses = line[line.index(after: slash)..<line.index(before: line.endIndex)].split(separator: "/")
            guard let gloss = senses.lazy.compactMap({ cleanGloss(String($0)) }).first else { continue }
            entries.append(DictionaryEntry(source: String(parts[1]), target: gloss, weight: 1, tag: "",
                                           origin: "\(file):\(lineNumber)"))
        }
        return (entries, problems)
    }

    /// Drops cross-references and bracketed notes; nil when nothing translatable remains.
    static func cleanGloss(_ raw: String) -> String? {
        let skip = ["variant of", "old variant", "see ", "CL:", "surname ", "abbr. ", "used in", "also written", "Taiwan pr."]
        if skip.contains(where: { raw.hasPrefix($0) }) { return nil }
        var out = ""
        var depth = 0
        for ch in raw {
            if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) } else if depth == 0 { out.append(ch) }
        }
        var gloss = out.split(separator: " ").joined(separator: " ")
        if gloss.hasPrefix("to ") { gloss.removeFirst(3) }
        if gloss.isEmpty || gloss.count > 40 || gloss.contains("[") || gloss.contains("|") { return nil }
        return gloss
    }
}
