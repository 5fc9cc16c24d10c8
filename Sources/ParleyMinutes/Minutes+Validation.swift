import ParleyDomain

extension Minutes {
    /// Entries a list of the minutes may hold, and characters one text may have.
    public static let maxListEntries = 1_000
    public static let maxTextCharacters = 16_384
    /// Bound of summed times (talk time, duration): a million utterances of a week each.
    public static let maxTotalSeconds: Double = 1e12

    /// Checks minutes that came from outside (a host's `meeting.correct`): bounded lists and texts,
    /// finite times within a week, shares in 0...1, counts that are not negative. Generated minutes
    /// pass by construction; a correction that does not gets an error naming the field.
    public func validate() throws(MinutesError) {
        func text(_ value: String, _ field: String) throws(MinutesError) {
            guard value.utf8.count <= Self.maxTextCharacters * 4, value.count <= Self.maxTextCharacters else {
                throw MinutesError(.malformed, "minutes.\(field) is longer than \(Self.maxTextCharacters) characters")
            }
        }
        func list<T>(_ value: [T], _ field: String) throws(MinutesError) {
            guard value.count <= Self.maxListEntries else {
                throw MinutesError(.malformed, "minutes.\(field) has more than \(Self.maxListEntries) entries")
            }
        }
        func seconds(_ value: Double?, _ field: String) throws(MinutesError) {
            guard let value else { return }
            guard value.isFinite, value >= 0, value <= FieldRules.maxMeetingSeconds else {
                throw MinutesError(.malformed, "minutes.\(field) must be seconds in 0...\(Int(FieldRules.maxMeetingSeconds)) (a week)")
            }
        }
        // Sums over utterances (talk time, duration, a chapter's end): overlapping cues can add up
        // past a week, so these are only held finite and bounded.
        func total(_ value: Double, _ field: String) throws(MinutesError) {
            guard value.isFinite, value >= 0, value <= Self.maxTotalSeconds else {
                throw MinutesError(.malformed, "minutes.\(field) must be seconds in 0...\(Int(Self.maxTotalSeconds))")
            }
        }
        func count(_ value: Int, _ field: String) throws(MinutesError) {
            guard value >= 0, value <= 10_000_000 else { throw MinutesError(.malformed, "minutes.\(field) must be in 0...10000000") }
        }
        try text(title, "title")
        try list(summary, "summary")
        for (i, s) in summary.enumerated() { try text(s, "summary[\(i)]") }
        try list(keyPoints, "keyPoints")
        for (i, s) in keyPoints.enumerated() { try text(s, "keyPoints[\(i)]") }
        try list(chapters, "chapters")
        for (i, c) in chapters.enumerated() {
            try text(c.title, "chapters[\(i)].title")
            try list(c.keywords, "chapters[\(i)].keywords")
            try seconds(c.start, "chapters[\(i)].start")
            try total(c.end, "chapters[\(i)].end")
            try count(c.firstUtterance, "chapters[\(i)].firstUtterance")
            try count(c.lastUtterance, "chapters[\(i)].lastUtterance")
        }
        try list(attendees, "attendees")
        for (i, a) in attendees.enumerated() {
            try text(a.name, "attendees[\(i)].name")
            try total(a.talkSeconds, "attendees[\(i)].talkSeconds")
            try count(a.utterances, "attendees[\(i)].utterances")
            guard a.share.isFinite, (0...1).contains(a.share) else { throw MinutesError(.malformed, "minutes.attendees[\(i)].share must be in 0...1") }
        }
        for (name, items) in [("decisions", decisions), ("openQuestions", openQuestions)] {
            try list(items, name)
            for (i, item) in items.enumerated() {
                try text(item.text, "\(name)[\(i)].text")
                try text(item.speaker, "\(name)[\(i)].speaker")
                try seconds(item.start, "\(name)[\(i)].start")
                try count(item.utterance, "\(name)[\(i)].utterance")
            }
        }
        try list(actionItems, "actionItems")
        for (i, item) in actionItems.enumerated() {
            try text(item.text, "actionItems[\(i)].text")
            try text(item.owner ?? "", "actionItems[\(i)].owner")
            try text(item.dueText ?? "", "actionItems[\(i)].dueText")
            try text(item.speaker, "actionItems[\(i)].speaker")
            try seconds(item.start, "actionItems[\(i)].start")
            try count(item.utterance, "actionItems[\(i)].utterance")
        }
        try total(durationSeconds, "durationSeconds")
        try count(utteranceCount, "utteranceCount")
    }
}
