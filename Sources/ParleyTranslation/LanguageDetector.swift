import ParleyDomain

/// Checks a sender's declared language against the text: the script decides between script
/// families (Han, kana, Hangul, Cyrillic, Latin ...), and within Latin a function-word hit rate
/// decides between languages. Short texts keep the declared language.
public struct LanguageDetector: Sendable {
    let analyzer: any TextAnalyzing
    /// Fewer words than this and the declared language is kept.
    public var minimumWords = 4

    static let functionWords: [String: Set<String>] = [
        "en": ["the", "a", "is", "are", "and", "to", "of", "you", "i", "it", "in", "that", "we", "this", "for", "be",
               "have", "with", "not", "do", "was", "what", "my", "can", "will", "please", "on", "at", "me", "your"],
        "es": ["el", "la", "los", "las", "de", "que", "y", "en", "un", "una", "es", "no", "por", "para", "con", "se",
               "lo", "me", "mi", "tu", "está", "son", "del", "al", "pero", "muy", "yo", "qué", "como", "hay", "tengo"],
        "fr": ["le", "la", "les", "de", "des", "et", "est", "un", "une", "je", "vous", "il", "que", "pas", "ne", "en",
               "du", "au", "pour", "avec", "ce", "qui", "sur", "nous", "tu", "mon", "très", "suis", "c'est", "j'ai"],
        "de": ["der", "die", "das", "und", "ist", "nicht", "ich", "sie", "es", "ein", "eine", "zu", "mit", "auf", "den"],
        "pt": ["o", "os", "as", "de", "que", "e", "não", "um", "uma", "é", "com", "para", "você", "eu", "em", "do", "da"],
        "it": ["il", "di", "che", "e", "non", "un", "una", "è", "per", "con", "sono", "io", "mi", "ho", "lo", "gli"],
    ]

    public init(analyzer: any TextAnalyzing) { self.analyzer = analyzer }

    public func detect(_ text: String, declared: Language) -> Language {
        let script = analyzer.dominantScript(of: text)
        switch script {
        case "Hani", "Hans", "Hant":
            if text.unicodeScalars.contains(where: { (0x3040...0x30FF).contains($0.value) }) { return Language("ja") }
            return declared.code == "ja" ? declared : .chinese
        case "Hira", "Kana", "Jpan": return Language("ja")
        case "Hang": return Language("ko")
        case "Latn": break
        case "Zyyy": return declared
        default:
            return declared
        }
        if Self.nonLatin.contains(declared.code) { return .english }
        let words = analyzer.words(in: text, language: declared).map { analyzer.matchingKey(String($0), language: declared) }
        guard words.count >= minimumWords else { return declared }
        func rate(_ code: String) -> Double {
            guard let set = Self.functionWords[code] else { return 0 }
            return Double(words.filter { set.contains($0) }.count) / Double(words.count)
        }
        let declaredRate = rate(declared.code)
        let best = Self.functionWords.keys.max { (rate($0), $1) < (rate($1), $0) } ?? declared.code
        if best != declared.code, rate(best) >= 0.2, rate(best) - declaredRate >= 0.15 { return Language(best) }
        return declared
    }

    static let nonLatin: Set<String> = ["zh", "ja", "ko", "ru", "uk", "ar", "he", "el", "th", "hi"]
}
