import ParleyDomain

/// Finds decisions, action items (with owner and due date) and open questions by cue phrases,
/// keeping the utterance and speaker each came from.
struct ItemExtractor {
    let analysis: MeetingAnalysis
    let cues: CuePhrases
    let names: NameIndex
    let meetingDate: CalendarDay?
    let speakers: [String]

    init(analysis: MeetingAnalysis, transcript: Transcript, info: MeetingInfo) {
        self.analysis = analysis
        self.cues = CuePhrases.forLanguage(info.language)
        self.speakers = transcript.utterances.map(\.speaker)
        self.names = NameIndex(names: info.attendees + transcript.speakers)
        self.meetingDate = info.date
    }

    /// The sentence as cue phrases are matched against it.
    private func matchForm(_ text: String) -> String {
        let lowered = text.lowercased().replacingOccurrences("’", with: "'")
        // Chinese: no punctuation between a name and its cue ("赵敏，你负责" → "赵敏你负责").
        guard cues.spaced else { return lowered.filter { !"，、：:, 　".contains($0) } }
        // Spaces around the edges and instead of punctuation, so that " will " matches "Bob, will…".
        let spacedOut = lowered.map { ",;:!?.()[]\"".contains($0) ? " " : String($0) }.joined()
        return " " + spacedOut.split(separator: " ").joined(separator: " ") + " "
    }

    private func isQuestion(_ text: String) -> Bool { text.hasSuffix("?") || text.hasSuffix("？") }

    func decisions() -> [MinutesItem] {
        var out: [MinutesItem] = []
        var seen = Set<String>()
        for s in analysis.sentences where !isQuestion(s.text) {
            let form = matchForm(s.text)
            guard cues.decision.contains(where: form.contains), !cues.decisionBlockers.contains(where: form.contains),
                  s.units >= (cues.spaced ? 4 : 5), seen.insert(s.text).inserted else { continue }
            out.append(MinutesItem(text: s.text, utterance: s.utterance, speaker: s.speaker, start: start(s)))
        }
        return out
    }

    func actionItems() -> [ActionItem] {
        var out: [ActionItem] = []
        var seen = Set<String>()
        let resolver = DueDateResolver()
        for s in analysis.sentences where s.units >= 4 && s.terms.count >= 2 {
            let form = matchForm(s.text)
            var owner: String?
            var source: ActionItem.OwnerSource?
            var due = resolver.find(in: s.text, language: analysis.language, meetingDate: meetingDate)
            if let named = names.assignee(in: form, cues: cues, speaker: s.speaker) ?? unlistedAssignee(s.text) {
                owner = named
                source = .named
            } else if !isQuestion(s.text), cues.commitment.contains(where: form.contains),
                      !cues.commitmentBlockers.contains(where: form.contains) {
                owner = s.speaker
                source = .speaker
            } else if cues.request.contains(where: form.contains), let reply = acceptingReply(after: s.utterance) {
                owner = reply.speaker
                source = .reply
                if due == nil { due = resolver.find(in: reply.text, language: analysis.language, meetingDate: meetingDate) }
            } else if due != nil, !isQuestion(s.text), needsDoing(form) {
                owner = nil
            } else {
                continue
            }
            guard seen.insert(s.text).inserted else { continue }
            out.append(ActionItem(text: s.text, owner: owner, ownerSource: source, due: due?.day, dueText: due?.phrase,
                                  utterance: s.utterance, speaker: s.speaker, start: start(s)))
        }
        return out
    }

    func openQuestions(limit: Int) -> [MinutesItem] {
        let lastStretch = Int(Double(analysis.cleaned.count) * 0.8)
        var found: [(MeetingAnalysis.Sentence, Double)] = []
        var seen = Set<String>()
        for s in analysis.sentences {
            let form = matchForm(s.text)
            let unresolved = cues.unresolved.contains(where: form.contains)
            let question = isQuestion(s.text) && !cues.request.contains(where: form.contains)
            let minimum = cues.spaced ? 3 : 4
            guard unresolved || question, s.terms.count >= minimum, seen.insert(s.text).inserted else { continue }
            let unanswered = s.utterance >= lastStretch || nextSpeaker(after: s.utterance) == nil
                || nextSpeaker(after: s.utterance) == s.speaker
            guard unresolved || unanswered else { continue }
            let weight = s.terms.reduce(0.0) { $0 + SummarySelector.weight(analysis.termCounts[$1] ?? 0) }
            found.append((s, weight + (unresolved ? 100 : 0)))
        }
        let best = found.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.position < $1.0.position }.prefix(limit)
        return best.sorted { $0.0.position < $1.0.position }.map {
            MinutesItem(text: $0.0.text, utterance: $0.0.utterance, speaker: $0.0.speaker, start: start($0.0))
        }
    }

    private func start(_ s: MeetingAnalysis.Sentence) -> Double? { analysis.estimated ? nil : s.start }

    private func nextSpeaker(after utterance: Int) -> String? {
        utterance + 1 < speakers.count ? speakers[utterance + 1] : nil
    }

    /// The next utterance by someone else, when it accepts ("Sure", "好的", "No problem, by Friday").
    private func acceptingReply(after utterance: Int) -> (speaker: String, text: String)? {
        guard utterance + 1 < speakers.count, speakers[utterance + 1] != speakers[utterance] else { return nil }
        let text = analysis.cleaned[utterance + 1]
        let lowered = text.lowercased()
        let accepts = cues.acceptance.contains { phrase in
            guard lowered.hasPrefix(phrase) else { return false }
            let rest = lowered.dropFirst(phrase.count)
            return !cues.spaced || rest.first.map { !$0.isLetter } ?? true
        }
        return accepts ? (speakers[utterance + 1], text) : nil
    }

    /// English only: a capitalised name that is neither attendee nor speaker, opening a sentence
    /// that hands it a task ("Jake will book the hotel").
    private func unlistedAssignee(_ text: String) -> String? {
        guard cues.spaced else { return nil }
        let words = text.split(separator: " ").map { $0.trimmingCharacters(where: { !$0.isLetter && $0 != "'" }) }
        guard words.count >= 4, let name = words.first, name.first?.isUppercase == true, name.count >= 2,
              name.dropFirst().allSatisfy(\.isLowercase) else { return nil }
        let stop = Stopwords.english
        guard !stop.contains(name.lowercased()), !["we", "it", "this", "that", "they", "there", "everyone", "everybody",
                                                  "someone", "somebody", "nobody", "which", "what"].contains(name.lowercased()) else { return nil }
        let next = words[1].lowercased(), after = words[2].lowercased()
        let hands = (next == "will" && after != "be") || (next == "is" && after == "going") || next == "needs" || next == "should"
        return hands ? name : nil
    }

    private func needsDoing(_ form: String) -> Bool {
        let phrases = cues.spaced
            ? [" need to ", " needs to ", " have to ", " has to ", " must ", " should ", " action item", " to do "]
            : ["需要", "必须", "务必"]
        return phrases.contains(where: form.contains)
    }
}
