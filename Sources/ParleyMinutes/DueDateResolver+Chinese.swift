extension DueDateResolver {
    private static let weekdayChars: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7,
                                                          "天": 7, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7]
    /// Words after a due phrase that belong to it ("下周五前", "月底之前", "3天内").
    private static let tails = ["之前", "以前", "前", "之内", "以内", "内", "为止"]

    func findChinese(_ sentence: String, on date: CalendarDay?) -> DueDate? {
        let c = Array(sentence)
        func has(_ word: String, at i: Int) -> Bool {
            let w = Array(word)
            return i + w.count <= c.count && Array(c[i..<i + w.count]) == w
        }
        func result(_ from: Int, _ to: Int, _ day: CalendarDay?) -> DueDate {
            var end = to
            for tail in DueDateResolver.tails where has(tail, at: end) {
                end += tail.count
                break
            }
            return DueDate(phrase: String(c[from..<end]), day: day)
        }
        let weekWords = ["星期", "礼拜", "周"]
        for i in c.indices {
            for (word, days) in [("大后天", 3), ("后天", 2), ("明天", 1), ("明日", 1), ("今天", 0), ("今晚", 0), ("今日", 0)] where has(word, at: i) {
                if word == "后天" && i > 0 && c[i - 1] == "大" { continue }
                return result(i, i + word.count, date?.adding(days: days))
            }
            // 下(个)周五 / 下星期五 / 下周末 / 下周 ; 这周五 / 本周五 / 周五 / 这周
            var j = i
            var ahead: Int?
            if has("下个", at: j) { ahead = 1; j += 2 } else if c[j] == "下" { ahead = 1; j += 1 }
            else if has("这个", at: j) { ahead = 0; j += 2 } else if c[j] == "这" || c[j] == "本" { ahead = 0; j += 1 }
            if let week = weekWords.first(where: { has($0, at: j) }) {
                if ahead == nil, i > 0, "上下这本个".contains(c[i - 1]) { continue }
                let k = j + week.count
                if k < c.count, let wd = DueDateResolver.weekdayChars[c[k]] {
                    let day: CalendarDay? = date.map {
                        ahead == 1 ? DueDateResolver.weekday(wd, weeksAhead: 1, from: $0) : DueDateResolver.thisWeek(wd, from: $0)
                    }
                    return result(i, k + 1, day)
                }
                if has("末", at: k) {
                    return result(i, k + 1, date.map { DueDateResolver.weekday(7, weeksAhead: ahead ?? 0, from: $0) })
                }
                if let ahead, week != "周" || k >= c.count || c[k] != "年" {
                    return result(i, k, date.map { DueDateResolver.weekday(5, weeksAhead: ahead, from: $0) })
                }
            }
            // 下个月底 / 下月底 / 月底 / 下个月 / 年底
            if let ahead, has("月", at: j) {
                if has("底", at: j + 1) || has("末", at: j + 1) {
                    return result(i, j + 2, date.map { $0.firstOfMonth(adding: ahead).endOfMonth })
                }
                if ahead == 1 { return result(i, j + 1, date.map { $0.firstOfMonth(adding: 1).endOfMonth }) }
            }
            if ahead == nil, has("月底", at: i) || has("月末", at: i), i == 0 || !(c[i - 1].isNumber || DueDateResolver.chineseDigit(c[i - 1]) != nil) {
                return result(i, i + 2, date.map(\.endOfMonth))
            }
            if has("年底", at: i) || has("年末", at: i) {
                return result(i, i + 2, date.flatMap { CalendarDay(year: $0.year, month: 12, day: 31) })
            }
            // N月N日/号, N号/日, N天内/后, N周内
            if let (n, afterN) = DueDateResolver.number(in: c, at: i), i == 0 || DueDateResolver.number(in: c, at: i - 1) == nil {
                if afterN < c.count, c[afterN] == "月", let (d, afterD) = DueDateResolver.number(in: c, at: afterN + 1),
                   afterD < c.count, c[afterD] == "日" || c[afterD] == "号", (1...12).contains(n) {
                    return result(i, afterD + 1, DueDateResolver.monthDay(n, d, year: nil, from: date))
                }
                if afterN < c.count, c[afterN] == "号" || c[afterN] == "日", (1...31).contains(n), i == 0 || c[i - 1] != "月" {
                    return result(i, afterN + 1, date.flatMap { DueDateResolver.dayOfMonth(n, from: $0) })
                }
                var unitAt = afterN
                if unitAt < c.count, c[unitAt] == "个" { unitAt += 1 }
                if unitAt < c.count, c[unitAt] == "天" || (c[unitAt] == "日" && unitAt > afterN) {
                    return result(i, unitAt + 1, date?.adding(days: n))
                }
                if let week = weekWords.first(where: { has($0, at: unitAt) }), unitAt + week.count <= c.count {
                    let end = unitAt + week.count
                    if end == c.count || DueDateResolver.weekdayChars[c[end]] == nil {
                        return result(i, end, date?.adding(days: 7 * n))
                    }
                }
            }
        }
        return nil
    }

    static func chineseDigit(_ ch: Character) -> Int? {
        ["零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9][ch]
    }

    /// An Arabic or Chinese number (up to 99) starting at `i`, and the index after it.
    static func number(in c: [Character], at i: Int) -> (Int, Int)? {
        guard i < c.count else { return nil }
        if c[i].isASCII, c[i].isNumber {
            var j = i
            while j < c.count, c[j].isASCII, c[j].isNumber { j += 1 }
            // More than four digits is no count of days or weeks (and 7 * n could overflow).
            guard j - i <= 4 else { return nil }
            return Int(String(c[i..<j])).map { ($0, j) }
        }
        var j = i
        var value = 0
        var current = 0
        var seen = false
        while j < c.count {
            if c[j] == "十" {
                value += (current == 0 ? 1 : current) * 10
                current = 0
            } else if let d = chineseDigit(c[j]) {
                current = d
            } else { break }
            seen = true
            j += 1
        }
        guard seen else { return nil }
        return (value + current, j)
    }
}
