import ParleyDomain

/// Writes entries and terms in Parley's file formats (the inverse of `DictionaryFormat`).
public enum DictionaryWriter {
    public static func pairFile(_ entries: [DictionaryEntry], header: String) -> String {
        var out = header.split(separator: "\n").map { "# \($0)\n" }.joined() + "# source\ttarget\tweight\ttag\n"
        var seen = Set<String>()
        for e in entries where !e.source.contains("\t") && !e.target.contains("\t") && seen.insert(e.source).inserted {
            out += "\(e.source)\t\(e.target.isEmpty ? "~" : e.target)\t\(e.weight)\t\(e.tag)\n"
        }
        return out
    }

    public static func termTable(_ terms: [GlossaryTerm], header: String) -> String {
        let languages = Set(terms.flatMap { $0.forms.keys }).sorted()
        var out = header.split(separator: "\n").map { "# \($0)\n" }.joined()
        out += (languages.map(\.code) + ["priority", "flags"]).joined(separator: "\t") + "\n"
        for t in terms {
            let flags = [t.doNotTranslate ? "dnt" : nil, t.forbidden ? "forbidden" : nil].compactMap { $0 }.joined(separator: ",")
            let cells = languages.map { (t.forms[$0] ?? "").replacingOccurrences(of: "\t", with: " ") }
            out += (cells + [String(t.priority), flags]).joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Splits one CSV line (RFC 4180 quotes) into cells.
    public static func csvCells(_ line: Substring) -> [String] {
        var cells: [String] = [], cell = "", quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = iterator.next() { if n == "\"" { cell.append("\"") } else { quoted = false; pending = n } } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { cells.append(cell); cell = "" } else { cell.append(c) }
        }
        cells.append(cell)
        return cells
    }
}
