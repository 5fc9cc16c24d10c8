import ParleyDomain

/// Reads TBX-Basic term entries: each `<termEntry>` becomes one glossary term with a form per
/// `<langSet xml:lang>`; `administrativeStatus` "forbidden"/"deprecatedTerm-admn-sts" marks a
/// forbidden term, a `doNotTranslate` note (or `translate` = no) marks it do-not-translate.
public enum TBXImporter {
    public static func parse(_ text: String, file: String) -> (terms: [GlossaryTerm], problems: [TranslationError]) {
        var terms: [GlossaryTerm] = []
        var problems: [TranslationError] = []
        var search = text.startIndex
        while let open = text.range(of: "<termEntry", range: search..<text.endIndex) {
            let line = text[..<open.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            guard let close = text.range(of: "</termEntry>", range: open.upperBound..<text.endIndex) else {
                problems.append(.malformedLine(file: file, line: line, reason: "<termEntry> is never closed"))
                break
            }
            let entry = text[open.lowerBound..<close.upperBound]
            search = close.upperBound
            var term = GlossaryTerm(forms: [:], origin: "\(file):\(line)")
            let lowered = entry.lowercased()
            term.forbidden = lowered.contains(">forbidden<") || lowered.contains("deprecatedterm-admn-sts")
            term.doNotTranslate = lowered.contains("donottranslate") || lowered.contains("type=\"translate\">no<")
            var langSearch = entry.startIndex
            while let langSet = entry.range(of: "<langSet", range: langSearch..<entry.endIndex) {
                let tagEnd = entry[langSet.upperBound...].firstIndex(of: ">") ?? entry.endIndex
                let attributes = entry[langSet.upperBound..<tagEnd]
                let language = attribute("xml:lang", in: attributes) ?? attribute("lang", in: attributes)
                let setEnd = entry.range(of: "</langSet>", range: tagEnd..<entry.endIndex)?.upperBound ?? entry.endIndex
                if let language, let t = entry.range(of: "<term>", range: tagEnd..<setEnd),
                   let te = entry.range(of: "</term>", range: t.upperBound..<setEnd) {
                    term.forms[Language(language)] = unescape(String(entry[t.upperBound..<te.lowerBound]).trimmingSpaces)
                }
                langSearch = setEnd
            }
            if term.forms.isEmpty {
                problems.append(.malformedLine(file: file, line: line, reason: "<termEntry> has no <langSet xml:lang> with a <term>"))
            } else {
                terms.append(term)
            }
        }
        return (terms, problems)
    }

    private static func attribute(_ name: String, in text: Substring) -> String? {
        guard let r = text.range(of: name + "=\"") else { return nil }
        return text[r.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }

    private static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
