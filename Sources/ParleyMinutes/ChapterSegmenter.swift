/// Splits a meeting where the topic shifts (TextTiling): compares the terms of the sentences
/// before and after each utterance boundary and cuts at the deepest dips in similarity.
struct ChapterSegmenter {
    var maxChapters: Int
    var language: String

    /// Utterance ranges (inclusive) of the chapters, in order.
    func boundaries(_ analysis: MeetingAnalysis) -> [ClosedRange<Int>] {
        let utteranceCount = analysis.cleaned.count
        guard utteranceCount > 0 else { return [] }
        let sentences = analysis.sentences.filter { !$0.terms.isEmpty }
        let window = max(4, min(20, sentences.count / 25))
        let minimumGap = max(window * 2, sentences.count / (maxChapters + 1))
        guard sentences.count >= minimumGap * 2 else { return [0...(utteranceCount - 1)] }

        // Similarity at each sentence gap that is also an utterance boundary.
        var gaps: [(index: Int, similarity: Double)] = []
        for i in window..<(sentences.count - window + 1) where sentences[i].utterance != sentences[i - 1].utterance {
            gaps.append((i, cosine(sentences[(i - window)..<i], sentences[i..<min(sentences.count, i + window)])))
        }
        guard gaps.count > 2 else { return [0...(utteranceCount - 1)] }
        // Depth: how far the similarity dips below the peaks on both sides.
        var depths: [(index: Int, depth: Double)] = []
        for g in gaps.indices {
            var left = gaps[g].similarity
            var k = g
            while k > 0, gaps[k - 1].similarity >= left { left = gaps[k - 1].similarity; k -= 1 }
            var right = gaps[g].similarity
            k = g
            while k + 1 < gaps.count, gaps[k + 1].similarity >= right { right = gaps[k + 1].similarity; k += 1 }
            depths.append((gaps[g].index, left + right - 2 * gaps[g].similarity))
        }
        let mean = depths.map(\.depth).reduce(0, +) / Double(depths.count)
        let variance = depths.map { ($0.depth - mean) * ($0.depth - mean) }.reduce(0, +) / Double(depths.count)
        let threshold = mean + variance.squareRoot() / 2
        let ranked = depths.filter { $0.depth > threshold }
            .sorted { $0.depth != $1.depth ? $0.depth > $1.depth : $0.index < $1.index }
        var cuts: [Int] = []
        for candidate in ranked where cuts.count < maxChapters - 1 {
            let farEnough = candidate.index >= minimumGap && sentences.count - candidate.index >= minimumGap
                && cuts.allSatisfy { abs($0 - candidate.index) >= minimumGap }
            if farEnough { cuts.append(candidate.index) }
        }
        cuts.sort()
        var ranges: [ClosedRange<Int>] = []
        var first = 0
        for cut in cuts {
            let utterance = sentences[cut].utterance
            if utterance > first { ranges.append(first...(utterance - 1)); first = utterance }
        }
        ranges.append(first...(utteranceCount - 1))
        return ranges
    }

    private func cosine(_ a: ArraySlice<MeetingAnalysis.Sentence>, _ b: ArraySlice<MeetingAnalysis.Sentence>) -> Double {
        var left: [String: Double] = [:]
        var right: [String: Double] = [:]
        for s in a { for t in s.terms { left[t, default: 0] += 1 } }
        for s in b { for t in s.terms { right[t, default: 0] += 1 } }
        var dot = 0.0
        for t in left.keys.sorted() { dot += left[t]! * (right[t] ?? 0) }
        let norm = { (v: [String: Double]) in v.keys.sorted().reduce(0.0) { $0 + v[$1]! * v[$1]! }.squareRoot() }
        let n = norm(left) * norm(right)
        return n == 0 ? 0 : dot / n
    }

    /// The terms that set a chapter apart: frequent in it, rare in the other chapters.
    func keywords(for range: ClosedRange<Int>, in analysis: MeetingAnalysis, all ranges: [ClosedRange<Int>], count: Int = 3) -> [String] {
        var inChapter: [String: Int] = [:]
        var chaptersWith: [String: Set<Int>] = [:]
        for s in analysis.sentences {
            guard let c = ranges.firstIndex(where: { $0.contains(s.utterance) }) else { continue }
            for t in s.terms {
                chaptersWith[t, default: []].insert(c)
                if range.contains(s.utterance) { inChapter[t, default: 0] += 1 }
            }
        }
        let n = Double(ranges.count)
        let scored = inChapter.filter { $0.value >= 2 }.map { term, tf -> (String, Double) in
            let df = Double(chaptersWith[term]?.count ?? 1)
            return (term, Double(tf) * (1 + log((n + 1) / df)))
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(count).map(\.0)
    }
}
