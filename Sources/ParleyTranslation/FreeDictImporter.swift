import Foundation

/// Reads a FreeDict dictd database (the `.index` text and the decompressed `.dict` text from
/// Debian's dict-freedict-* packages) into pair entries, the first sense's first translation
/// for each headword.
public enum FreeDictImporter {
    static let base64: [Character: Int] = {
        var table: [Character: Int] = [:]
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".enumerated() { table[c] = i }
        return table
    }()

    public static func parse(index: String, dictionary: Data, file: String)
        -> (entries: [DictionaryEntry], problems: [TranslationError]) {
        var entries: [DictionaryEntry] = []
        var problems: [TranslationError] = []
        var lineNumber = 0
        for rawLine in index.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if rawLine.isEmpty || rawLine.hasPrefix("00database") || rawLine.hasPrefix("00-database") { continue }
            let columns = rawLine.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 3, let offset = decode(columns[1]), let length = decode(columns[2]),
                  offset <= dictionary.count, length <= dictionary.count - offset else {
                problems.append(.malformedLine(file: file, line: lineNumber,
                                               reason: "expected 'headword<TAB>offset<TAB>length' (base64) within the .dict file"))
                continue
            }
            let body = String(decoding: dictionary[dictionary.startIndex + offset ..< dictionary.startIndex + offset + length],
                              as: UTF8.self).split(separator: "\n")
            guard body.count >= 2 else { continue }
            var tag = ""
            if let open = body[0].firstIndex(of: "<"), let close = body[0][open...].firstIndex(where: { $0 == ">" || $0 == "," }) {
                tag = String(body[0][body[0].index(after: open)..<close])
            }
            var sense = body[1].trimmingSpaces
            if let dot = sense.firstIndex(of: "."), sense[..<dot].allSatisfy(\.isNumber), !sense[..<dot].isEmpty {
                sense = String(sense[sense.index(after: dot)...]).trimmingSpaces
            }
            guard let first = sense.split(whereSeparator: { $0 == "," || $0 == ";" }).first?.trimmingSpaces,
                  !first.isEmpty else { continue }
            entries.append(DictionaryEntry(source: String(columns[0]), target: first, weight: 1,
                                           tag: ["n", "adj", "v", "adv"].contains(tag) ? tag : "", origin: "\(file):\(lineNumber)"))
        }
        return (entries, problems)
    }

    static func decode(_ text: Substring) -> Int? {
        // Ten base64 digits are 60 bits: more could overflow, and no .dict file is that large.
        guard text.count <= 10 else { return nil }
        var value = 0
        for c in text {
            guard let digit = base64[c] else { return nil }
            value = value * 64 + digit
        }
        return text.isEmpty ? nil : value
    }
}
