import ParleyDomain

/// Parses Parley's dictionary files (see Dictionaries/README.md). Pure: text in, values and
/// per-line problems out, so a bad line never stops the rest of a file from loading.
public enum DictionaryFormat {
    /// The numbered lines of a text file that carry content: blank lines and `#` comments skipped.
    /// (`\r\n` is one newline Character in Swift, so CRLF files split cleanly.)
    static func contentLines(_ text: String) -> [(number: Int, line: Substring)] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().compactMap { index, line in
            line.isEmpty || line.hasPrefix("#") ? nil : (index + 1, line)
        }
    }

    /// A pair file: `source<TAB>target[<TAB>weight[<TAB>tag]]`, `#` comments, `~` as target drops the word.
    public static func parsePairFile(_ text: String, file: String, weightBonus: Int = 0)
        -> (entries: [DictionaryEntry], problems: [TranslationError]) {
        var entries: [DictionaryEntry] = []
        var problems: [TranslationError] = []
        for (lineNumber, line) in DictionaryFormat.contentLines(text) {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 2 else {
                problems.append(.malformedLine(file: file, line: lineNumber,
                                               reason: "expected source<TAB>target, found \(columns.count) column"))
                continue
            }
            let source = columns[0].trimmingSpaces, target = columns[1].trimmingSpaces
            guard !source.isEmpty, !target.isEmpty else {
                problems.append(.malformedLine(file: file, line: lineNumber,
                                               reason: "empty \(source.isEmpty ? "source" : "target") (write ~ to drop a word)"))
                continue
            }
            var weight = 1
            if columns.count >= 3, !columns[2].trimmingSpaces.isEmpty {
                guard let w = Int(columns[2].trimmingSpaces) else {
                    problems.append(.malformedLine(file: file, line: lineNumber,
                                                   reason: "weight '\(columns[2])' is not an integer"))
                    continue
                }
                weight = w
            }
            let tag = columns.count >= 4 ? columns[3].trimmingSpaces : ""
            entries.append(DictionaryEntry(source: source, target: target == "~" ? "" : target,
                                           weight: weight + weightBonus, tag: tag, origin: "\(file):\(lineNumber)"))
        }
        return (entries, problems)
    }

    /// A term table: a header row of language codes plus optional `priority` and `flags` columns,
    /// then one term per row; `flags` is a comma list of `keep`/`dnt` (always keep as written) and
    /// `forbidden`; a `render` column is "always render as": the form for every language without its own.
    public static func parseTermTable(_ text: String, file: String)
        -> (terms: [GlossaryTerm], problems: [TranslationError]) {
        var terms: [GlossaryTerm] = []
        var problems: [TranslationError] = []
        var header: [String]? = nil
        for (lineNumber, line) in DictionaryFormat.contentLines(text) {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard let names = header else {
                header = columns.map { $0.lowercased() }
                if !columns.contains(where: { $0.count == 2 || $0.count == 3 }) {
                    problems.append(.malformedLine(file: file, line: lineNumber,
                                                   reason: "header must name language columns such as en<TAB>zh"))
                }
                continue
            }
            guard columns.count <= names.count else {
                problems.append(.malformedLine(file: file, line: lineNumber,
                                               reason: "\(columns.count) columns but the header has \(names.count)"))
                continue
            }
            var term = GlossaryTerm(forms: [:], origin: "\(file):\(lineNumber)")
            var bad: String? = nil
            for (name, value) in zip(names, columns) where !value.isEmpty {
                switch name {
                case "priority":
                    if let p = Int(value) { term.priority = p } else { bad = "priority '\(value)' is not an integer" }
                case "flags":
                    for flag in value.split(separator: ",").map({ $0.trimmingSpaces.lowercased() }) {
                        switch flag {
                        case "dnt", "do-not-translate", "keep": term.doNotTranslate = true
                        case "forbidden": term.forbidden = true
                        case "": break
                        default: bad = "unknown flag '\(flag)' (use keep, dnt or forbidden)"
                        }
                    }
                case "render", "render-as": term.renderAs = value
                case "note", "comment", "domain": break
                default: term.forms[Language(name)] = value
                }
            }
            if let bad {
                problems.append(.malformedLine(file: file, line: lineNumber, reason: bad))
            } else if term.forms.isEmpty {
                problems.append(.malformedLine(file: file, line: lineNumber, reason: "no term in any language column"))
            } else {
                terms.append(term)
            }
        }
        return (terms, problems)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
