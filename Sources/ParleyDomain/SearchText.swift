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

    /// Han, kana and hangul: the scripts written without spaces between words.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xAC00...0xD7AF, 0x20000...0x2FFFF: return true
        default: return false
        }
    }
}
