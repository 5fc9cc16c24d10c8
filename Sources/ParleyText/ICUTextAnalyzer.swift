import ParleyDomain
import Synchronization

/// `TextAnalyzing` on ICU: NFC/NFKC normalization, word and sentence break iterators,
/// locale-aware case folding, script detection and transliteration.
public final class ICUTextAnalyzer: TextAnalyzing {
    /// Transliterators are expensive to open (milliseconds); keep them by id.
    private let transliterators = Mutex<[String: Transliterator?]>([:])

    public init() {}

    /// The version of the ICU library Parley runs on, e.g. "72.1".
    public static var icuVersion: String { ICU.version }

    public func sentences(in text: String, language: Language) -> [Substring] {
        segments(of: text, sentences: true, language: language).compactMap { piece in
            let trimmed = piece.trimmingWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    public func words(in text: String, language: Language) -> [Substring] {
        let utf16 = Array(text.utf16)
        let (bounds, status) = ICU.breaks(utf16, sentences: false, locale: language.code)
        var result: [Substring] = []
        for i in 1..<max(bounds.count, 1) where status[i] >= 100 {
            result.append(slice(text, from: Int(bounds[i - 1]), to: Int(bounds[i])))
        }
        return result
    }

    public func composed(_ text: String) -> String { ICU.normalize(text, form: Int32(PICU_NFC_VALUE)) }

    public func matchingKey(_ text: String, language: Language) -> String {
        let turkic = language.code == "tr" || language.code == "az"
        // ASCII is its own NFKC form and folds by lower-casing: skip ICU (dictionary loading
        // computes a key for every entry).
        if !turkic, text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
        if turkic {
            return ICU.foldCase(ICU.normalize(text, form: Int32(PICU_NFKC_VALUE)), turkic: true)
        }
        return ICU.normalize(text, form: Int32(PICU_NFKC_CASEFOLD_VALUE))
    }

    public func dominantScript(of text: String) -> String {
        var counts: [String: Int] = [:]
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            let script = ICU.script(of: scalar)
            if script == "Zyyy" || script == "Zinh" { continue }
            counts[script, default: 0] += 1
        }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? "Zyyy"
    }

    public func transliterate(_ text: String, transform: String) -> String {
        let t = transliterators.withLock { cache -> Transliterator? in
            if let cached = cache[transform] { return cached }
            let opened = Transliterator(id: transform)
            cache[transform] = opened
            return opened
        }
        return t?.apply(text) ?? text
    }

    /// Locale-aware lower-casing ("I" → "ı" in Turkish).
    public func lowercased(_ text: String, language: Language) -> String {
        ICU.lowercased(text, locale: language.code)
    }

    /// Raw break segments (including spaces and punctuation), for callers that need every piece.
    public func segments(of text: String, sentences: Bool, language: Language) -> [Substring] {
        let utf16 = Array(text.utf16)
        let (bounds, _) = ICU.breaks(utf16, sentences: sentences, locale: language.code)
        var result: [Substring] = []
        for i in 1..<max(bounds.count, 1) {
            result.append(slice(text, from: Int(bounds[i - 1]), to: Int(bounds[i])))
        }
        return result
    }

    private func slice(_ text: String, from: Int, to: Int) -> Substring {
        let start = String.Index(utf16Offset: from, in: text)
        let end = String.Index(utf16Offset: to, in: text)
        return text[start..<end]
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}

// Enum cases imported from C are not constant expressions everywhere; name the values once.
private let PICU_NFC_VALUE = 0
private let PICU_NFKC_VALUE = 2
private let PICU_NFKC_CASEFOLD_VALUE = 3
