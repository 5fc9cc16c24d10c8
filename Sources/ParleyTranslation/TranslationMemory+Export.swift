import Foundation
import ParleyDomain

/// Exports of a tenant's memory: TSV (one header line, fields escaped with backslashes so tabs
/// and newlines inside a text survive) and TMX 1.4 for CAT tools; `parseTSV` reads the TSV back.
extension TranslationMemory {
    static let tsvColumns = ["tenant", "source", "target", "source_text", "corrected_text", "author", "accepted_at"]

    public func exportTSV(tenant: String) -> String {
        var out = Self.tsvColumns.joined(separator: "\t") + "\n"
        for e in entries(tenant: tenant) {
            let fields = [e.tenant, e.source.code, e.target.code, e.sourceText, e.correctedText, e.author,
                          Self.timestamp(e.acceptedAt)]
            out += fields.map(Self.escapeTSV).joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Entries from `exportTSV`'s format; a malformed line names its line number.
    public static func parseTSV(_ text: String, file: String = "memory.tsv") throws -> [TranslationMemoryEntry] {
        var entries: [TranslationMemoryEntry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.isEmpty else { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescapeTSV(String($0)) }
            if index == 0, fields == tsvColumns { continue }
            guard fields.count == tsvColumns.count else {
                throw TranslationError.malformedLine(file: file, line: index + 1,
                                                     reason: "expected \(tsvColumns.count) tab-separated fields, found \(fields.count)")
            }
            guard let date = parseTimestamp(fields[6]) else {
                throw TranslationError.malformedLine(file: file, line: index + 1,
                                                     reason: "accepted_at '\(fields[6])' is not an ISO 8601 UTC time such as 2026-12-02T10:00:00Z")
            }
            entries.append(TranslationMemoryEntry(tenant: fields[0], source: Language(fields[1]), target: Language(fields[2]),
                                                  sourceText: fields[3], correctedText: fields[4], author: fields[5],
                                                  acceptedAt: date))
        }
        return entries
    }

    /// TMX 1.4: one `tu` per entry with the author and acceptance time, the tenant as a property.
    public func exportTMX(tenant: String) -> String {
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4">
          <header creationtool="Parley" creationtoolversion="1" segtype="sentence" o-tmf="Parley" adminlang="en" \
        srclang="*all*" datatype="plaintext"/>
          <body>

        """
        for e in entries(tenant: tenant) {
            out += "    <tu creationid=\"\(Self.escapeXML(e.author))\" creationdate=\"\(Self.tmxDate(e.acceptedAt))\">\n"
            out += "      <prop type=\"x-tenant\">\(Self.escapeXML(e.tenant))</prop>\n"
            out += "      <tuv xml:lang=\"\(Self.escapeXML(e.source.code))\"><seg>\(Self.escapeXML(e.sourceText))</seg></tuv>\n"
            out += "      <tuv xml:lang=\"\(Self.escapeXML(e.target.code))\"><seg>\(Self.escapeXML(e.correctedText))</seg></tuv>\n"
            out += "    </tu>\n"
        }
        return out + "  </body>\n</tmx>\n"
    }

    static func escapeTSV(_ field: String) -> String {
        var out = ""
        for c in field.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func unescapeTSV(_ field: String) -> String {
        var out = ""
        var escaping = false
        for c in field.unicodeScalars {
            if escaping {
                switch c {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.unicodeScalars.append(c)
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// XML text and attribute escaping; characters XML 1.0 forbids (most C0 controls) are dropped.
    static func escapeXML(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            default:
                if c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    static func parseTimestamp(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).parse(text)
    }

    /// TMX dates are ISO 8601 basic format in UTC: 20261202T100000Z.
    static func tmxDate(_ date: Date) -> String {
        timestamp(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}
