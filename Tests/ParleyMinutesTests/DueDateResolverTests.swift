import ParleyDomain
import ParleyMinutes
import Testing

@Suite struct DueDateResolverTests {
    let resolver = DueDateResolver()
    let wednesday = CalendarDay(year: 2025, month: 11, day: 26)!

    func due(_ text: String, _ language: Language = .english) -> String? {
        resolver.find(in: text, language: language, meetingDate: wednesday)?.day?.description
    }

    @Test(arguments: [
        ("send it by Friday", "2025-11-28"), ("next Tuesday works", "2025-12-02"), ("this Monday", "2025-12-01"),
        ("due Nov 30", "2025-11-30"), ("before 3 January", "2026-01-03"), ("by end of the month", "2025-11-30"),
        ("by tomorrow", "2025-11-27"), ("in two weeks", "2025-12-10"), ("by next week", "2025-12-05"),
        ("on 2026-02-01", "2026-02-01"), ("by 12/15", "2025-12-15"), ("end of next month", "2025-12-31"),
    ])
    func english(text: String, expected: String) {
        #expect(due(text) == expected)
    }

    @Test(arguments: [
        ("下周五前完成", "2025-12-05"), ("月底之前发出", "2025-11-30"), ("明天给我", "2025-11-27"), ("周五之前", "2025-11-28"),
        ("三天内", "2025-11-29"), ("12月3号", "2025-12-03"), ("下个月底", "2025-12-31"), ("30号之前", "2025-11-30"),
        ("下周", "2025-12-05"), ("后天", "2025-11-28"), ("十二月十日前", "2025-12-10"),
    ])
    func chinese(text: String, expected: String) {
        #expect(due(text, .chinese) == expected)
    }

    @Test func phraseIsKeptWithoutAMeetingDate() {
        let found = resolver.find(in: "I'll do it by Friday.", language: .english, meetingDate: nil)
        #expect(found == DueDate(phrase: "by Friday", day: nil))
    }

    @Test func noDateNoMatch() {
        #expect(due("We should talk about the design.") == nil)
        #expect(due("我们讨论一下设计。", .chinese) == nil)
    }
}
