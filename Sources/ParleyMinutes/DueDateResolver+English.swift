extension DueDateResolver {
    private static let weekdays = ["monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
                                   "saturday": 6, "sunday": 7]
    private static let months = ["january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
                                 "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
                                 "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
                                 "nov": 11, "december": 12, "dec": 12]
    private static let numbers = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                                  "eight": 8, "nine": 9, "ten": 10, "a": 1, "a couple of": 2, "couple": 2]
    /// Words that may introduce a due phrase and belong in it.
    private static let lead: Set<String> = ["by", "before", "until", "till", "due", "on", "no"]

    private struct Token {
        let text: String
        let range: Range<String.Index>
    }

    func findEnglish(_ sentence: String, on date: CalendarDay?) -> DueDate? {
        let tokens = tokenize(sentence)
        let words = tokens.map(\.text)
        func phrase(_ from: Int, _ to: Int) -> String {
            var start = from
            if start > 0, DueDateResolver.lead.contains(words[start - 1]) { start -= 1 }
            if start > 0, words[start] == "later", words[start - 1] == "no" { start -= 1 }
            return String(sentence[tokens[start].range.lowerBound..<tokens[to].range.upperBound])
        }
        func at(_ i: Int) -> String? { i >= 0 && i < words.count ? words[i] : nil }

        for i in words.indices {
            let w = words[i]
            // end of (the|this|next) (day|week|month)
            if w == "end", at(i + 1) == "of" {
                var j = i + 2
                var ahead = 0
                if at(j) == "the" || at(j) == "this" { j += 1 }
                if at(j) == "next" { ahead = 1; j += 1 }
                switch at(j) {
                case "day": return DueDate(phrase: phrase(i, j), day: date)
                case "week": return DueDate(phrase: phrase(i, j), day: date.map { DueDateResolver.weekday(5, weeksAhead: ahead, from: $0) })
                case "month": return DueDate(phrase: phrase(i, j), day: date.map { $0.firstOfMonth(adding: ahead).endOfMonth })
                default: break
                }
            }
            if w == "eod" || w == "today" || w == "tonight" { return DueDate(phrase: phrase(i, i), day: date) }
            if w == "tomorrow" {
                if at(i - 1) == "after", at(i - 2) == "day", at(i - 3) == "the" {
                    return DueDate(phrase: phrase(i - 3, i), day: date?.adding(days: 2))
                }
                return DueDate(phrase: phrase(i, i), day: date?.adding(days: 1))
            }
            if let wd = DueDateResolver.weekdays[w] {
                if at(i - 1) == "next" {
                    return DueDate(phrase: phrase(i - 1, i), day: date.map { DueDateResolver.weekday(wd, weeksAhead: 1, from: $0) })
                }
                if at(i - 1) == "this" {
                    return DueDate(phrase: phrase(i - 1, i), day: date.map { DueDateResolver.thisWeek(wd, from: $0) })
                }
                return DueDate(phrase: phrase(i, i), day: date.map { DueDateResolver.next(wd, after: $0) })
            }
            if (w == "next" || w == "this") && at(i + 1) == "week" {
                return DueDate(phrase: phrase(i, i + 1), day: date.map { DueDateResolver.weekday(5, weeksAhead: w == "next" ? 1 : 0, from: $0) })
            }
            if w == "next" && at(i + 1) == "month" {
                return DueDate(phrase: phrase(i, i + 1), day: date.map { $0.firstOfMonth(adding: 1).endOfMonth })
            }
            // in N days / weeks
            if w == "in" || w == "within", let n = at(i + 1).flatMap({ Int($0) ?? DueDateResolver.numbers[$0] }), (0...3650).contains(n) {
                if let unit = at(i + 2), unit.hasPrefix("day") || unit.hasPrefix("week") {
                    let days = unit.hasPrefix("day") ? n : 7 * n
                    return DueDate(phrase: phrase(i, i + 2), day: date?.adding(days: days))
                }
            }
            // Month day ("Nov 30", "November 30th", "Nov 30 2025")
            if let month = DueDateResolver.months[w], w != "may" || at(i - 1) != nil && DueDateResolver.lead.contains(at(i - 1)!),
               let d = at(i + 1).flatMap(DueDateResolver.dayNumber) {
                var end = i + 1
                var year: Int?
                if let y = at(i + 2).flatMap({ Int($0) }), (1900...2999).contains(y) { year = y; end = i + 2 }
                return DueDate(phrase: phrase(i, end), day: DueDateResolver.monthDay(month, d, year: year, from: date))
            }
            // Day month ("30 November", "30th of Nov")
            if let d = DueDateResolver.dayNumber(w), at(i + 1) != nil {
                var j = i + 1
                if at(j) == "of" { j += 1 }
                if let month = at(j).flatMap({ DueDateResolver.months[$0] }), at(j) != "may", at(j) != "mar" || j > i + 1 {
                    return DueDate(phrase: phrase(i, j), day: DueDateResolver.monthDay(month, d, year: nil, from: date))
                }
            }
            // ISO 2025-11-30 or US 11/30
            if w.contains("-") || w.contains("/") {
                let parts = w.split(whereSeparator: { $0 == "-" || $0 == "/" }).compactMap { Int($0) }
                if parts.count == 3, w.contains("-"), parts[0] > 1900 {
                    if let day = CalendarDay(year: parts[0], month: parts[1], day: parts[2]) {
                        return DueDate(phrase: phrase(i, i), day: day)
                    }
                } else if parts.count == 2, w.contains("/"), (1...12).contains(parts[0]), (1...31).contains(parts[1]) {
                    return DueDate(phrase: phrase(i, i), day: DueDateResolver.monthDay(parts[0], parts[1], year: nil, from: date))
                }
            }
        }
        return nil
    }

    /// "30", "30th", "1st", "22nd", "3rd".
    static func dayNumber(_ word: String) -> Int? {
        var digits = word
        for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) { digits.removeLast(2) }
        guard let n = Int(digits), (1...31).contains(n) else { return nil }
        return n
    }

    private func tokenize(_ sentence: String) -> [Token] {
        var out: [Token] = []
        var start: String.Index?
        var i = sentence.startIndex
        func close(_ end: String.Index) {
            if let s = start {
                var text = sentence[s..<end].lowercased()
                while let l = text.last, l == "-" || l == "/" { text.removeLast() }
                if !text.isEmpty { out.append(Token(text: text, range: s..<end)) }
            }
            start = nil
        }
        while i < sentence.endIndex {
            let c = sentence[i]
            let inWord = c.isLetter || c.isNumber || ((c == "-" || c == "/") && start != nil)
            if inWord { if start == nil { start = i } } else { close(i) }
            i = sentence.index(after: i)
        }
        close(sentence.endIndex)
        return out
    }
}
