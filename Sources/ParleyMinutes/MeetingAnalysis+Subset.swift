extension MeetingAnalysis {
    /// The same analysis restricted to some utterances, keeping the whole meeting's term counts so
    /// that a chapter's sentences still score by what recurs across the meeting.
    init(filtered whole: MeetingAnalysis, utterances: ClosedRange<Int>) {
        self.language = whole.language
        self.sentences = whole.sentences.filter { utterances.contains($0.utterance) }
        self.cleaned = whole.cleaned
        self.times = whole.times
        self.estimated = whole.estimated
        self.termCounts = whole.termCounts
        self.totalUnits = whole.totalUnits
    }
}
