import ParleyDomain

/// One piece of a message as the dictionary engine sees it.
struct Token: Sendable {
    enum Kind: Sendable, Equatable { case word, punctuation, protected(ProtectedSpan.Kind) }

    var kind: Kind
    var text: Substring
    /// The matching key (NFKC + case fold) of a word; empty for other kinds.
    var key: String
    /// Whether whitespace preceded this token in the source.
    var spaceBefore: Bool
    /// A protected span's rendering in the target language (names, dates), nil for "as written".
    var rendering: String? = nil
}

/// Splits a message into word, punctuation and protected tokens with ICU's word break iterator.
/// Ideographic words are split into characters so that dictionary longest-match decides the
/// segmentation (ICU splits 挖掘机 into 挖掘 + 机; the dictionary keeps 挖掘机).
struct Tokenizer: Sendable {
    let analyzer: any TextAnalyzing

    func tokens(of text: String, language: Language, protected spans: [ProtectedSpan]) -> [Token] {
        var tokens: [Token] = []
        var cursor = text.startIndex
        var pendingSpace = false
        func addGap(_ gap: Substring) {
            guard !gap.isEmpty else { return }
            var position = gap.startIndex
            for word in analyzer.words(in: String(gap), language: language) {
                // words() returns ranges of a new String; map them back by offset.
                let offset = word.startIndex.utf16Offset(in: word.base)
                let start = gap.utf16.index(gap.startIndex, offsetBy: offset)
                let end = gap.utf16.index(start, offsetBy: word.utf16.count)
                addOther(gap[position..<start])
                addWord(gap[start..<end])
                position = end
            }
            addOther(gap[position...])
        }
        func addOther(_ piece: Substring) {
            for index in piece.indices {
                let ch = piece[index]
                if ch.isWhitespace { pendingSpace = true; continue }
                tokens.append(Token(kind: .punctuation, text: piece[index...index], key: "", spaceBefore: pendingSpace))
                pendingSpace = false
            }
        }
        func addWord(_ word: Substring) {
            if word.unicodeScalars.contains(where: { Self.isIdeographic($0) }) {
                for index in word.indices {
                    let piece = word[index...index]
                    tokens.append(Token(kind: .word, text: piece,
                                        key: analyzer.matchingKey(String(piece), language: language), spaceBefore: pendingSpace))
                    pendingSpace = false
                }
                return
            }
            if let split = Elision.splitIndex(in: word, language: language.code) {
                for (piece, space) in [(word[..<split], pendingSpace), (word[split...], false)] {
                    tokens.append(Token(kind: .word, text: piece, key: analyzer.matchingKey(String(piece), language: language),
                                        spaceBefore: space))
                }
                pendingSpace = false
                return
            }
            tokens.append(Token(kind: .word, text: word, key: analyzer.matchingKey(String(word), language: language),
                                spaceBefore: pendingSpace))
            pendingSpace = false
        }
        for span in spans {
            addGap(text[cursor..<span.range.lowerBound])
            tokens.append(Token(kind: .protected(span.kind), text: span.text, key: "", spaceBefore: pendingSpace,
                                rendering: span.rendering))
            pendingSpace = false
            cursor = span.range.upperBound
        }
        addGap(text[cursor...])
        return tokens
    }

    static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x3040...0x30FF: return true
        default: return false
        }
    }
}
