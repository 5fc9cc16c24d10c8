/// Picks summary sentences: each sentence scores by how many of the meeting's recurring terms it
/// covers (terms already covered by picked sentences count less), divided by a power of its length;
/// the best is taken while it fits the budget, then the rest are re-scored. Output is in meeting order.
struct SummarySelector {
    /// Weight of a term already covered by a picked sentence.
    var coveredWeight: Double
    /// Length penalty exponent: 0 favours long sentences, 1 favours dense ones.
    var lengthExponent: Double
    /// Sentences shorter than this (in budget units) are never picked.
    var minimumUnits: Int
    /// Sentences longer than this are never picked (run-on transcription).
    var maximumUnits: Int

    init(charactersAsUnits: Bool, configuration: MinutesConfiguration = MinutesConfiguration()) {
        coveredWeight = configuration.summaryCoveredWeight
        termExponent = configuration.summaryTermExponent
        lengthExponent = configuration.summaryLengthExponent
        minimumUnits = charactersAsUnits ? configuration.summaryMinimumWords * 3 / 2 : configuration.summaryMinimumWords
        maximumUnits = charactersAsUnits ? 150 : 70
        shortMeetingMinimum = charactersAsUnits ? 12 : 8
    }

    /// The floor for meetings under 3000 units.
    var shortMeetingMinimum: Int

    /// Exponent of a term's weight.
    var termExponent: Double

    /// The weight of a term: how many sentences use it, dampened.
    static func weight(_ count: Int, exponent: Double = 0.5) -> Double {
        count < 2 ? 0 : pow(Double(count), exponent)
    }

    func select(from analysis: MeetingAnalysis, budget: Int, excluding excluded: Set<Int> = []) -> [MeetingAnalysis.Sentence] {
        // Short meetings have few long sentences; a lower floor keeps their summary from running dry.
        let minimumUnits = analysis.totalUnits < 3000 ? min(self.minimumUnits, shortMeetingMinimum) : self.minimumUnits
        var candidates = analysis.sentences.filter {
            $0.units >= minimumUnits && $0.units <= maximumUnits && $0.terms.count >= 3 && !excluded.contains($0.position)
                && !$0.text.hasSuffix("?") && !$0.text.hasSuffix("？")
        }
        var seenText = Set<String>()
        candidates = candidates.filter { seenText.insert($0.text.lowercased()).inserted }
        var covered = Set<String>()
        var picked: [MeetingAnalysis.Sentence] = []
        var remaining = budget
        while remaining >= minimumUnits, !candidates.isEmpty {
            var best = -1
            var bestScore = 0.0
            for (n, s) in candidates.enumerated() where s.units <= remaining {
                var gain = 0.0
                for t in s.terms {
                    let w = SummarySelector.weight(analysis.termCounts[t] ?? 0, exponent: termExponent)
                    gain += covered.contains(t) ? w * coveredWeight : w
                }
                let score = gain / pow(Double(s.units), lengthExponent)
                if score > bestScore { best = n; bestScore = score }
            }
            guard best >= 0 else { break }
            let chosen = candidates.remove(at: best)
            picked.append(chosen)
            remaining -= chosen.units
            covered.formUnion(chosen.terms)
        }
        return picked.sorted { $0.position < $1.position }
    }
}

/// `x` to the power `y` for positive `x`, without Foundation.
func pow(_ x: Double, _ y: Double) -> Double {
    if y == 0 { return 1 }
    if y == 1 { return x }
    if y == 0.5 { return x.squareRoot() }
    return exp(y * log(x))
}

/// Natural logarithm for positive `x` (series on the mantissa), without Foundation.
func log(_ x: Double) -> Double {
    guard x > 0 else { return -.infinity }
    let e = Double(x.exponent)
    let m = x.significand  // 1 ≤ m < 2
    let z = (m - 1) / (m + 1)
    var term = z
    var sum = 0.0
    var k = 1.0
    while k < 60 {
        sum += term / k
        term *= z * z
        k += 2
    }
    return 2 * sum + e * 0.6931471805599453
}

/// e to the power `x`, without Foundation.
func exp(_ x: Double) -> Double {
    let n = (x / 0.6931471805599453).rounded(.down)
    let r = x - n * 0.6931471805599453
    var term = 1.0
    var sum = 1.0
    for k in 1..<30 {
        term *= r / Double(k)
        sum += term
    }
    return sum * Double(sign: .plus, exponent: Int(n), significand: 1)
}
