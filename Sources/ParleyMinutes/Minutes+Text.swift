extension Minutes {
    /// The minutes with every human-readable content string passed through `transform`
    /// (summary, key points, chapter titles and keywords, item texts, due phrases, the title).
    /// Names, dates, indexes and times are left alone. The daemon uses it to translate.
    public func mapText(_ transform: (String) async -> String) async -> Minutes {
        var copy = self
        copy.title = title.isEmpty ? title : await transform(title)
        copy.summary = await mapAll(summary, transform)
        copy.keyPoints = await mapAll(keyPoints, transform)
        for i in copy.chapters.indices {
            copy.chapters[i].title = await transform(chapters[i].title)
            copy.chapters[i].keywords = await mapAll(chapters[i].keywords, transform)
        }
        for i in copy.decisions.indices { copy.decisions[i].text = await transform(decisions[i].text) }
        for i in copy.openQuestions.indices { copy.openQuestions[i].text = await transform(openQuestions[i].text) }
        for i in copy.actionItems.indices {
            copy.actionItems[i].text = await transform(actionItems[i].text)
            if let due = actionItems[i].dueText { copy.actionItems[i].dueText = await transform(due) }
        }
        return copy
    }

    /// Every content string `mapText` would transform, in the same order (for batching).
    public var contentStrings: [String] {
        var out: [String] = title.isEmpty ? [] : [title]
        out += summary + keyPoints
        for c in chapters { out.append(c.title); out += c.keywords }
        out += decisions.map(\.text) + openQuestions.map(\.text)
        for a in actionItems {
            out.append(a.text)
            if let due = a.dueText { out.append(due) }
        }
        return out
    }
}

private func mapAll(_ strings: [String], _ transform: (String) async -> String) async -> [String] {
    var out: [String] = []
    out.reserveCapacity(strings.count)
    for s in strings { out.append(await transform(s)) }
    return out
}

extension Minutes {
    /// What search finds the minutes by: title, summary, key points, decisions, action items (with
    /// owners) and open questions, one per line.
    public var searchableText: String {
        ([title] + summary + keyPoints + decisions.map(\.text)
            + actionItems.map { [$0.text, $0.owner ?? ""].joined(separator: " ") } + openQuestions.map(\.text))
            .filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
