import ParleyDomain

/// Finds Chinese dates, clock times and amounts and renders them for the target language, so
/// that "下周五", "11月30日", "下午3点" and "2,000元" come out as "next Friday", "November 30",
/// "3 pm" and "2,000 yuan" instead of being glossed character by character.
struct ChineseTimeScanner: Sendable {
    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                                           "六": 6, "七": 7, "八": 8, "九": 9]
    /// 周一 … 周日: Monday first.
    static let weekdayNames: [Character: Int] = ["一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6]
    static let weekWords = ["星期", "礼拜", "周"]
    /// Relative prefixes of a weekday: 下周五 next, 上周五 last, 这周五/本周五 this.
    static let relative: [Character: String] = ["下": "next", "上": "last", "这": "this", "本": "this"]
    static let afternoon: Set<String> = ["下午", "晚上", "傍晚", "中午"]
    static let morning: Set<String> = ["上午", "早上", "早晨", "凌晨"]
    static let yearSuffix: [String: String] = ["en": ", {y}", "es": " de {y}", "pt": " de {y}", "fr": " {y}", "de": " {y}"]

    let target: Language

    /// Spans in `text` with their rendering for `target`.
    func spans(in text: String) -> [ProtectedSpan] {
        let chars = Array(text)
        var offsets: [String.Index] = []
        offsets.reserveCapacity(chars.count + 1)
        var index = text.startIndex
        for _ in chars { offsets.append(index); index = text.index(after: index) }
        offsets.append(text.endIndex)
        let vocabulary = TimeVocabulary.forLanguage(target)
        var result: [ProtectedSpan] = []
        var i = 0
        while i < chars.count {
            if let (end, rendering) = match(chars, at: i, vocabulary) {
                result.append(ProtectedSpan(kind: .date, range: offsets[i]..<offsets[end], in: text, rendering: rendering))
                i = end
            } else {
                i += 1
            }
        }
        return result
    }

    private func match(_ c: [Character], at i: Int, _ v: TimeVocabulary) -> (Int, String)? {
        weekday(c, at: i, v) ?? monthDay(c, at: i, v) ?? clock(c, at: i, v) ?? amount(c, at: i, v)
    }

    /// (下|上|这|本)?(个)?(周|星期|礼拜)(一…日)
    private func weekday(_ c: [Character], at i: Int, _ v: TimeVocabulary) -> (Int, String)? {
        var j = i
        var relation: String? = nil
        if let r = Self.relative[c[j]] { relation = r; j += 1 }
        if j < c.count, c[j] == "个", relation != nil { j += 1 }
        guard let word = Self.weekWords.first(where: { has(c, $0, at: j) }) else { return nil }
        j += word.count
        guard j < c.count, let day = Self.weekdayNames[c[j]] else { return nil }
        // 周日/周天 is Sunday only after a week word; "天" alone is not.
        let name = v.weekdays[day]
        let pattern: String
        switch relation {
        case "next": pattern = v.nextWeekday
        case "last": pattern = v.lastWeekday
        case "this": pattern = v.thisWeekday
        default: pattern = "%@"
        }
        return (j + 1, pattern.replacingOccurrences(of: "%@", with: name))
    }

    /// (Y年)?M月D(日|号)
    private func monthDay(_ c: [Character], at i: Int, _ v: TimeVocabulary) -> (Int, String)? {
        var j = i
        var year: Int? = nil
        if let (y, end) = number(c, at: j, ascii: true), end < c.count, c[end] == "年", y >= 1900 {
            year = y
            j = end + 1
        }
        guard let (month, mEnd) = number(c, at: j, ascii: false), (1...12).contains(month), mEnd < c.count, c[mEnd] == "月",
              let (day, dEnd) = number(c, at: mEnd + 1, ascii: false), (1...31).contains(day) else { return nil }
        var end = dEnd
        if end < c.count, c[end] == "日" || c[end] == "号" { end += 1 } else { return nil }
        var rendering = v.date(month: month, day: day)
        if let year {
            let suffix = Self.yearSuffix[target.code] ?? " {y}"
            rendering += suffix.replacingOccurrences(of: "{y}", with: "\(year)")
        }
        return (end, rendering)
    }

    /// (上午|下午|晚上…)?H(点|时)(M分|半)?
    private func clock(_ c: [Character], at i: Int, _ v: TimeVocabulary) -> (Int, String)? {
        var j = i
        var pm = false, am = false
        if let part = (Self.afternoon.union(Self.morning)).first(where: { has(c, $0, at: j) }) {
            pm = Self.afternoon.contains(part)
            am = !pm
            j += part.count
        }
        guard let (hour, hEnd) = number(c, at: j, ascii: false), (0...24).contains(hour), hEnd < c.count,
              c[hEnd] == "点" || (c[hEnd] == "时" && (am || pm)) else { return nil }
        // A bare "3点" without a part of day still reads as a time; "一点" alone is "a little".
        if !(am || pm), !c[j].isASCII { return nil }
        var end = hEnd + 1
        var minute = 0
        if end < c.count, c[end] == "半" {
            minute = 30
            end += 1
        } else if let (m, mEnd) = number(c, at: end, ascii: false), mEnd < c.count, c[mEnd] == "分", m < 60 {
            minute = m
            end = mEnd + 1
        }
        let afternoon = pm || (!am && hour >= 1 && hour <= 6)
        return (end, v.clockTime(hour: hour, minute: minute, afternoon: afternoon))
    }

    /// An ASCII number followed by a currency or unit word: "2,000元" → "2,000 yuan".
    private func amount(_ c: [Character], at i: Int, _ v: TimeVocabulary) -> (Int, String)? {
        guard c[i].isASCII, c[i].isNumber, i == 0 || !(c[i - 1].isASCII && (c[i - 1].isNumber || c[i - 1].isLetter)) else { return nil }
        var j = i
        while j < c.count, c[j].isASCII && c[j].isNumber || ((c[j] == "," || c[j] == ".") && j + 1 < c.count && c[j + 1].isASCII && c[j + 1].isNumber) {
            j += 1
        }
        var k = j
        while k < c.count, c[k] == " " { k += 1 }
        let units = v.units.keys.sorted { $0.count > $1.count }
        guard let unit = units.first(where: { has(c, $0, at: k) }), let word = v.units[unit] else { return nil }
        return (k + unit.count, String(c[i..<j]) + " " + word)
    }

    private func has(_ c: [Character], _ word: String, at i: Int) -> Bool {
        var j = i
        for ch in word {
            guard j < c.count, c[j] == ch else { return false }
            j += 1
        }
        return true
    }

    /// ASCII digits, or (unless `ascii`) Chinese numerals up to 99: 三, 十一, 二十, 三十一.
    private func number(_ c: [Character], at i: Int, ascii: Bool) -> (Int, Int)? {
        guard i < c.count else { return nil }
        if c[i].isASCII, c[i].isNumber {
            var j = i, value = 0
            while j < c.count, c[j].isASCII, let d = c[j].wholeNumberValue { value = value * 10 + d; j += 1 }
            return (value, j)
        }
        guard !ascii else { return nil }
        var j = i, value = 0
        if let d = Self.digits[c[j]] { value = d; j += 1 }
        if j < c.count, c[j] == "十" {
            value = (j == i ? 1 : value) * 10
            j += 1
            if j < c.count, let d = Self.digits[c[j]], d > 0 { value += d; j += 1 }
        }
        return j > i ? (value, j) : nil
    }
}
