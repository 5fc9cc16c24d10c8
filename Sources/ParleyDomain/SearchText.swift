/// How text is cut into search terms, the same way for what is indexed and for what is asked.
///
/// Words come from the text library's word breaking (ICU) and are compared by their matching key
/// (NFKC with case folding; the index's tokenizer also drops accents and stems). Chinese, Japanese
/// and Korean have no spaces and dictionary segmentation of a query can differ from that of the
/// text, so their runs are indexed as single characters and overlapping pairs: a query of two or
/// more such characters asks for its pairs, a one-character query for the character.
public struct SearchText: Sendable {
    public let analyzer: any TextAnalyzing

    public init(analyzer: any TextAnalyzing) { self.analyzer = analyzer }

    /// The index form of a text: terms separated by spaces.
    public func indexForm(_ text: String, language: Language) -> String {
        if let fast = Self.asciiIndexForm(text, language: language) { return fast }
        var terms: [String] = []
        for word in analyzer.words(in: text, language: language) {
            let key = analyzer.matchingKey(String(word), language: language)
            if key.unicodeScalars.contains(where: Self.isCJK) {
                let characters = key.unicodeScalars.filter(Self.isCJK).map(String.init)
                terms.append(contentsOf: characters)
                if characters.count > 1 { for i in 1..<characters.count { terms.append(characters[i - 1] + characters[i]) } }
            } else {
                terms.append(key)
            }
        }
        return terms.joined(separator: " ")
    }

    /// The terms a query asks for (all of them must match), and the words as written (for
    /// highlighting). Empty when the query has no searchable word.
    public func queryTerms(_ query: String, language: Language) -> (terms: [String], words: [String]) {
        if let ranges = Self.asciiWords(query, language: language) {
            let utf8 = Array(query.utf8)
            let words = ranges.map { String(decoding: utf8[$0], as: UTF8.self) }
            var seen: Set<String> = []
            return (words.map { analyzer.matchingKey($0, language: language) }.filter { seen.insert($0).inserted }, words)
        }
        var terms: [String] = []
        var words: [String] = []
        for word in analyzer.words(in: query, language: language) {
            let key = analyzer.matchingKey(String(word), language: language)
            if key.unicodeScalars.contains(where: Self.isCJK) {
                let characters = key.unicodeScalars.filter(Self.isCJK).map(String.init)
                if characters.count == 1 { terms.append(characters[0]) } else {
                    for i in 1..<characters.count { terms.append(characters[i - 1] + characters[i]) }
                }
            } else {
                terms.append(key)
            }
            words.append(String(word))
        }
        var seen: Set<String> = []
        return (terms.filter { seen.insert($0).inserted }, words)
    }

    // MARK: ASCII texts

    // Most chat messages are plain ASCII. For them the word breaking of Unicode's UAX #29, which ICU
    // implements, reduces to a few rules on bytes, and the matching key to lower-casing; cutting
    // them here instead of through ICU makes the index form several times cheaper (docs/benchmarks.md,
    // "Search"). A test holds these rules to ICU's on every language Parley translates.

    /// Byte offsets of the words of `text` (runs holding a letter or a digit) if `text` is made only
    /// of ASCII letters, digits, spaces and the punctuation below, and `language` lower-cases ASCII
    /// as English does; nil otherwise (ICU cuts it).
    static func asciiWords(_ text: String, language: Language) -> [Range<Int>]? {
        if language.code == "tr" || language.code == "az" { return nil }  // I → ı
        var ranges: [Range<Int>] = []
        let ok = text.utf8.withContiguousStorageIfAvailable { b -> Bool in
            let n = b.count
            var i = 0
            while i < n {
                let c = b[i]
                if Self.isAlphanumeric(c) {
                    let start = i
                    i += 1
                    while i < n {
                        if Self.isAlphanumeric(b[i]) { i += 1; continue }
                        // UAX #29 WB6/7 and WB11/12: a letter, then `.` or `'`, then a letter stay one
                        // word ("o'clock", "e.g"); so do digits around `.`, `'`, `,` or `;` ("3.14", "1,000").
                        if i + 1 < n {
                            let before = b[i - 1], mid = b[i], after = b[i + 1]
                            if Self.isLetter(before), Self.isLetter(after), mid == UInt8(ascii: ".") || mid == UInt8(ascii: "'") {
                                i += 2
                                continue
                            }
                            if Self.isDigit(before), Self.isDigit(after),
                               mid == UInt8(ascii: ".") || mid == UInt8(ascii: "'") || mid == UInt8(ascii: ",") || mid == UInt8(ascii: ";") {
                                i += 2
                                continue
                            }
                        }
                        break
                    }
                    ranges.append(start..<i)
                } else if Self.asciiSeparators[Int(c)] {
                    i += 1
                } else {
                    return false
                }
            }
            return true
        }
        return ok == true ? ranges : nil
    }

    /// Characters that end a word and take no part in one (`'`, `.`, `,` and `;` only inside one):
    /// every printable ASCII character but letters, digits, `:`, `_` and `@` (ICU gives them roles
    /// in words: tailored by language, or kept in words), and tab, space and the line ends.
    static let asciiSeparators: [Bool] = (0..<256).map { (c: Int) -> Bool in
        let byte = UInt8(c)
        if byte == 0x09 || byte == 0x0A || byte == 0x0D { return true }
        let printable = byte >= 0x20 && byte < 0x7F
        return printable && !isAlphanumeric(byte) && byte != UInt8(ascii: ":") && byte != UInt8(ascii: "_") && byte != UInt8(ascii: "@")
    }

    static func asciiIndexForm(_ text: String, language: Language) -> String? {
        guard let ranges = asciiWords(text, language: language) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        text.utf8.withContiguousStorageIfAvailable { b in
            for r in ranges {
                if !out.isEmpty { out.append(UInt8(ascii: " ")) }
                for c in b[r] { out.append(c &+ (c >= 0x41 && c <= 0x5A ? 0x20 : 0)) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isAlphanumeric(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) }

    /// Han, kana and hangul: the scripts written without spaces between words.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xAC00...0xD7AF, 0x20000...0x2FFFF: return true
        default: return false
        }
    }
}
