import ParleyDomain

/// Finds due phrases in English and Chinese ("by Friday", "next Tuesday", "Nov 30", "in 3 days",
/// "end of the month", "下周五前", "月底之前", "3天内", "11月30号") and resolves them against the meeting date.
///
/// Conventions (documented in docs/minutes.md): a bare weekday is its next occurrence after the
/// meeting day; "next <weekday>" is that weekday in the following Monday-based week; "this <weekday>"
/// is the one in the meeting's week (the next occurrence if already past); "next week" / "this week"
/// mean that week's Friday; a month and day without a year is the next such day not more than 60 days back.
public struct DueDateResolver: Sendable {
    public init() {}

    public func find(in sentence: String, language: Language, meetingDate: CalendarDay?) -> DueDate? {
        if language.code == "zh" || sentence.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) {
            if let found = findChinese(sentence, on: meetingDate) { return found }
        }
        return findEnglish(sentence, on: meetingDate)
    }

    // MARK: - Shared arithmetic

    /// The next `weekday` (1 = Monday) strictly after `day`.
    static func next(_ weekday: Int, after day: CalendarDay) -> CalendarDay {
        var delta = (weekday - day.weekday + 7) % 7
        if delta == 0 { delta = 7 }
        return day.adding(days: delta)
    }

    /// `weekday` in the week (Monday-based) `weeks` after `day`'s week.
    static func weekday(_ weekday: Int, weeksAhead weeks: Int, from day: CalendarDay) -> CalendarDay {
        let monday = day.adding(days: -(day.weekday - 1))
        return monday.adding(days: 7 * weeks + weekday - 1)
    }

    /// This week's `weekday`, or the next one when it has passed.
    static func thisWeek(_ weekday: Int, from day: CalendarDay) -> CalendarDay {
        let candidate = DueDateResolver.weekday(weekday, weeksAhead: 0, from: day)
        return candidate < day ? next(weekday, after: day) : candidate
    }

    /// Month and day in the meeting's year, or the next year when that is over 60 days back.
    static func monthDay(_ month: Int, _ dayOfMonth: Int, year: Int?, from day: CalendarDay?) -> CalendarDay? {
        if let year { return CalendarDay(year: year, month: month, day: dayOfMonth) }
        guard let day, let candidate = CalendarDay(year: day.year, month: month, day: dayOfMonth) else { return nil }
        if candidate.dayNumber < day.dayNumber - 60 { return CalendarDay(year: day.year + 1, month: month, day: dayOfMonth) }
        return candidate
    }

    /// Day of the month: this month's, or next month's when it has passed.
    static func dayOfMonth(_ n: Int, from day: CalendarDay) -> CalendarDay? {
        if n >= day.day, let d = CalendarDay(year: day.year, month: day.month, day: n) { return d }
        let nextMonth = day.firstOfMonth(adding: 1)
        return CalendarDay(year: nextMonth.year, month: nextMonth.month, day: n)
    }
}
