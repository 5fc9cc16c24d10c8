import ParleyDomain

/// Renders `Minutes` as Markdown with the labels of one language. Content strings are rendered
/// as they are; translate them first with `Minutes.mapText`.
public struct MinutesRenderer: Sendable {
    public let labels: MinutesLabels

    public init(labels: MinutesLabels = .english) {
        self.labels = labels
    }

    public func markdown(_ minutes: Minutes) -> String {
        var out: [String] = []
        out.append("# \(minutes.title.isEmpty ? labels.minutes : "\(labels.minutes): \(minutes.title)")")
        if let date = minutes.date { out += ["", "\(labels.date): \(date)"] }

        out += ["", "## \(labels.attendees)", ""]
        for a in minutes.attendees {
            let estimated = minutes.talkTimeEstimated ? " (\(labels.estimated))" : ""
            out.append("- \(a.name) — \(MinutesRenderer.clock(a.talkSeconds))\(estimated), \(MinutesRenderer.percent(a.share))%")
        }

        out += ["", "## \(labels.summary)", ""]
        out.append(minutes.summary.isEmpty ? labels.none : minutes.summary.joined(separator: minutes.language.code == "zh" ? "" : " "))

        section(&out, labels.keyPoints, minutes.keyPoints.map { "- \($0)" })
        section(&out, labels.decisions, minutes.decisions.map { "- \($0.text) _(\(cite($0.speaker, $0.utterance, $0.start)))_" })
        section(&out, labels.actionItems, minutes.actionItems.map { item in
            var line = "- [ ] \(item.text) — **\(labels.owner):** \(item.owner ?? labels.unassigned)"
            if let due = item.due { line += "; **\(labels.due):** \(due)" } else if let text = item.dueText { line += "; **\(labels.due):** \(text)" }
            return line + " _(\(cite(item.speaker, item.utterance, item.start)))_"
        })
        section(&out, labels.openQuestions, minutes.openQuestions.map { "- \($0.text) _(\(cite($0.speaker, $0.utterance, $0.start)))_" })
        section(&out, labels.chapters, minutes.chapters.enumerated().map { n, c in
            "\(n + 1). \(MinutesRenderer.clock(c.start))–\(MinutesRenderer.clock(c.end)) \(c.title)"
        })
        return out.joined(separator: "\n") + "\n"
    }

    private func section(_ out: inout [String], _ heading: String, _ lines: [String]) {
        out += ["", "## \(heading)", ""]
        out.append(contentsOf: lines.isEmpty ? [labels.none] : lines)
    }

    private func cite(_ speaker: String, _ utterance: Int, _ start: Double?) -> String {
        let at = start.map { " @ \(MinutesRenderer.clock($0))" } ?? ""
        return "\(speaker), #\(utterance)\(at)"
    }

    /// A share in 0...1 as a whole percentage; anything else (a corrected file's NaN) as 0...100.
    static func percent(_ share: Double) -> Int {
        guard share.isFinite else { return 0 }
        return Int((min(max(share, 0), 1) * 100).rounded())
    }

    /// `h:mm:ss` or `m:ss`. Total: seconds outside a week (which parsing refuses) are clamped to it.
    static func clock(_ seconds: Double) -> String {
        let bounded = seconds.isFinite ? min(max(seconds, 0), FieldRules.maxMeetingSeconds) : 0
        let total = Int(bounded.rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        let ss = s < 10 ? "0\(s)" : "\(s)"
        if h > 0 { return "\(h):\(m < 10 ? "0\(m)" : "\(m)"):\(ss)" }
        return "\(m):\(ss)"
    }
}
