import ParleyDomain

/// A transcript broken into cleaned sentences with their content terms and times: what every part
/// of `MinutesGenerator` works from.
struct MeetingAnalysis {
    struct Sentence {
        /// Order in the meeting.
        let position: Int
        let utterance: Int
        let speaker: String
        let text: String
        /// Content terms (lower-cased, stopwords dropped), each once, in order of appearance.
        let terms: [String]
        /// Length in budget units: words, or characters for Chinese and Japanese.
        let units: Int
        let start: Double
    }

    let language: Language
    let sentences: [Sentence]
    /// Cleaned text per utterance.
    let cleaned: [String]
    /// Start and end per utterance, seconds (estimated when `estimated`).
    let times: [(start: Double, end: Double)]
    let estimated: Bool
    /// Number of sentences each term occurs in.
    let termCounts: [String: Int]
    let totalUnits: Int

    /// Characters (not words) measure length for these languages.
    static func countsCharacters(_ language: Language) -> Bool { ["zh", "ja"].contains(language.code) }

    init(transcript: Transcript, language: Language, analyzer: any TextAnalyzing) {
        self.language = language
        let filter = DisfluencyFilter()
        let stopwords = Stopwords.set(for: language)
        let byCharacters = MeetingAnalysis.countsCharacters(language)
        let cleaned = transcript.utterances.map { filter.clean(analyzer.composed($0.text)) }
        self.cleaned = cleaned

        var sentences: [Sentence] = []
        var counts: [String: Int] = [:]
        var unitsPerUtterance: [Int] = []
        for (u, text) in cleaned.enumerated() {
            var utteranceUnits = 0
            for piece in analyzer.sentences(in: text, language: language) {
                let sentence = String(piece)
                let words = analyzer.words(in: sentence, language: language)
                let units = byCharacters
                    ? sentence.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.count
                    : words.count
                guard units > 0 else { continue }
                utteranceUnits += units
                var seen = Set<String>()
                var terms: [String] = []
                for word in words {
                    let term = MeetingAnalysis.term(word, stopwords: stopwords, byCharacters: byCharacters)
                    if let term, seen.insert(term).inserted { terms.append(term) }
                }
                for t in terms { counts[t, default: 0] += 1 }
                sentences.append(Sentence(position: sentences.count, utterance: u, speaker: transcript.utterances[u].speaker,
                                          text: sentence, terms: terms, units: units, start: 0))
            }
            unitsPerUtterance.append(utteranceUnits)
        }
        self.termCounts = counts
        self.totalUnits = unitsPerUtterance.reduce(0, +)

        // Times: as given, or estimated from speech rate (150 words or 240 characters a minute).
        let perSecond = byCharacters ? 4.0 : 2.5
        var times: [(start: Double, end: Double)] = []
        let timed = transcript.isTimed
        var clock = 0.0
        for (u, utterance) in transcript.utterances.enumerated() {
            let spoken = Double(unitsPerUtterance[u]) / perSecond
            if timed, let start = utterance.start {
                let next = transcript.utterances.dropFirst(u + 1).first?.start
                let end = utterance.end ?? min(next ?? start + spoken, start + max(spoken, 1) * 2)
                times.append((start, max(end, start)))
            } else {
                times.append((clock, clock + spoken))
                clock += spoken
            }
        }
        self.times = times
        self.estimated = !timed
        self.sentences = sentences.map {
            Sentence(position: $0.position, utterance: $0.utterance, speaker: $0.speaker, text: $0.text,
                     terms: $0.terms, units: $0.units, start: times[$0.utterance].start)
        }
    }

    /// The scoring form of a word: lower-cased, plural "s" dropped; nil for stopwords, numbers,
    /// single letters and (in Chinese) single characters.
    static func term(_ word: Substring, stopwords: Set<String>, byCharacters: Bool) -> String? {
        var t = word.lowercased().replacingOccurrences("’", with: "'")
        if stopwords.contains(t) || t.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }) { return nil }
        if t.count < 2 { return nil }
        if !byCharacters || t.allSatisfy(\.isASCII) {
            if t.count < 3 { return nil }
            if t.hasSuffix("'s") { t.removeLast(2) }
            if t.hasSuffix("ies"), t.count > 4 { t = String(t.dropLast(3)) + "y" }
            else if t.hasSuffix("s"), !t.hasSuffix("ss"), !t.hasSuffix("us"), !t.hasSuffix("is"), t.count > 3 { t.removeLast() }
            if stopwords.contains(t) { return nil }
        }
        return t
    }
}
