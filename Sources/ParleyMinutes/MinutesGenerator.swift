import ParleyDomain

/// Turns a transcript and what the host said about the meeting into `Minutes`.
///
/// A pure function: no clock, no randomness, no I/O; the same transcript and info always give the
/// same minutes. Sentence and word breaking go through the injected `TextAnalyzing` (ICU in the
/// daemon and the command line).
public struct MinutesGenerator: Sendable {
    public let analyzer: any TextAnalyzing
    public let configuration: MinutesConfiguration

    public init(analyzer: any TextAnalyzing, configuration: MinutesConfiguration = MinutesConfiguration()) {
        self.analyzer = analyzer
        self.configuration = configuration
    }

    /// Minutes of a parsed (uploaded) transcript.
    public func generate(_ transcript: Transcript, info: MeetingInfo) -> Minutes {
        let analysis = MeetingAnalysis(transcript: transcript, language: info.language, analyzer: analyzer)
        let byCharacters = MeetingAnalysis.countsCharacters(info.language)
        let budget = configuration.summaryBudget ?? MinutesGenerator.defaultBudget(totalUnits: analysis.totalUnits,
                                                                                   charactersAsUnits: byCharacters)
        let segmenter = ChapterSegmenter(maxChapters: configuration.maxChapters, language: info.language.code)
        let ranges = segmenter.boundaries(analysis)
        let separator = byCharacters ? "、" : ", "
        let chapters = ranges.map { range in
            let keywords = segmenter.keywords(for: range, in: analysis, all: ranges)
            return Chapter(title: keywords.joined(separator: separator), keywords: keywords,
                           firstUtterance: range.lowerBound, lastUtterance: range.upperBound,
                           start: analysis.times[range.lowerBound].start, end: analysis.times[range.upperBound].end)
        }

        var overview: [String] = []
        var overviewUnits = 0
        if configuration.summaryOverview, let sentence = OverviewSentence(language: info.language)
            .sentence(topics: topics(analysis, chapters: chapters)) {
            overview = [sentence.text]
            overviewUnits = sentence.units
        }
        let selector = SummarySelector(charactersAsUnits: byCharacters, configuration: configuration)
        let picked = selector.select(from: analysis, budget: max(0, budget.limit - overviewUnits))
        let summary = overview + picked.map { configuration.summaryAttribution ? "\($0.speaker): \($0.text)" : $0.text }
        let extractor = ItemExtractor(analysis: analysis, transcript: transcript, info: info)

        return Minutes(
            title: info.title, language: info.language, date: info.date,
            summary: summary, budget: budget,
            keyPoints: keyPoints(analysis, chapters: ranges, summary: picked, byCharacters: byCharacters),
            chapters: chapters,
            attendees: attendees(transcript, info: info, analysis: analysis),
            talkTimeEstimated: analysis.estimated,
            decisions: extractor.decisions(),
            actionItems: extractor.actionItems(),
            openQuestions: extractor.openQuestions(limit: configuration.maxOpenQuestions),
            durationSeconds: durationSeconds(analysis),
            utteranceCount: transcript.utterances.count)
    }

    /// Minutes of a live meeting from its utterances (speaker, text, start seconds).
    public func generate(utterances: [Utterance], info: MeetingInfo) -> Minutes {
        generate(Transcript(utterances: utterances), info: info)
    }

    /// The budget when none is set: grows with the square root of the meeting's length
    /// (1.5 √words, 40…400 words; 1.5 √characters, 80…800 characters).
    public static func defaultBudget(totalUnits: Int, charactersAsUnits: Bool) -> SummaryBudget {
        let scaled = Int((Double(totalUnits).squareRoot() * 1.5).rounded())
        return charactersAsUnits ? .characters(min(800, max(80, scaled))) : .words(min(400, max(40, scaled)))
    }

    /// The meeting's main topics: each chapter's leading keyword, then the most recurring terms.
    private func topics(_ analysis: MeetingAnalysis, chapters: [Chapter]) -> [String] {
        var out: [String] = []
        for c in chapters { if let k = c.keywords.first, !out.contains(k) { out.append(k) } }
        let frequent = analysis.termCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        for (term, _) in frequent where out.count < configuration.overviewTopics && !out.contains(term) { out.append(term) }
        return Array(out.prefix(configuration.overviewTopics))
    }

    /// One central sentence per chapter not already in the summary, up to `maxKeyPoints`.
    private func keyPoints(_ analysis: MeetingAnalysis, chapters: [ClosedRange<Int>], summary: [MeetingAnalysis.Sentence],
                           byCharacters: Bool) -> [String] {
        var excluded = Set(summary.map(\.position))
        var points: [MeetingAnalysis.Sentence] = []
        let selector = SummarySelector(charactersAsUnits: byCharacters)
        for range in chapters {
            let within = MeetingAnalysis(filtered: analysis, utterances: range)
            if let best = selector.select(from: within, budget: selector.maximumUnits, excluding: excluded).first {
                points.append(best)
                excluded.insert(best.position)
            }
        }
        if points.count < configuration.maxKeyPoints {
            let more = selector.select(from: analysis, budget: selector.maximumUnits * 3, excluding: excluded)
            points += more.prefix(configuration.maxKeyPoints - points.count)
        }
        return points.prefix(configuration.maxKeyPoints).sorted { $0.position < $1.position }.map(\.text)
    }

    private func attendees(_ transcript: Transcript, info: MeetingInfo, analysis: MeetingAnalysis) -> [Attendee] {
        var talk: [String: Double] = [:]
        var turns: [String: Int] = [:]
        for (u, utterance) in transcript.utterances.enumerated() {
            talk[utterance.speaker, default: 0] += analysis.times[u].end - analysis.times[u].start
            turns[utterance.speaker, default: 0] += 1
        }
        let total = talk.keys.sorted().reduce(0.0) { $0 + talk[$1]! }
        var names: [String] = []
        var seen = Set<String>()
        for name in transcript.speakers + info.attendees where seen.insert(NameIndex.key(name)).inserted { names.append(name) }
        let list = names.map { name in
            let seconds = (talk[name] ?? 0).rounded()
            return Attendee(name: name, talkSeconds: seconds, utterances: turns[name] ?? 0,
                            share: total > 0 ? ((talk[name] ?? 0) / total * 1000).rounded() / 1000 : 0)
        }
        return list.sorted { $0.talkSeconds != $1.talkSeconds ? $0.talkSeconds > $1.talkSeconds : $0.name < $1.name }
    }

    private func durationSeconds(_ analysis: MeetingAnalysis) -> Double {
        guard let first = analysis.times.first else { return 0 }
        let end = analysis.times.map(\.end).max() ?? first.end
        return (end - (analysis.estimated ? 0 : first.start)).rounded()
    }
}
