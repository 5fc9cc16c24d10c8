import ParleyDomain
import ParleyMinutes
import Testing

@Suite struct ActionItemTests {
    @Test func englishOwnersAndDueDates() throws {
        let minutes = try Fixtures.minutes(Fixtures.english)
        let items = minutes.actionItems
        let fix = try #require(items.first { $0.text.contains("payment screen crash") })
        #expect(fix.owner == "Bob")
        #expect(fix.ownerSource == .speaker)
        #expect(fix.due == CalendarDay(year: 2025, month: 11, day: 28))  // Friday after Wednesday 26th
        #expect(fix.dueText == "by Friday")
        #expect(fix.utterance == 3)
        #expect(fix.speaker == "Bob")

        let contract = try #require(items.first { $0.text.contains("signed contract to the agency") })
        #expect(contract.owner == "Carol")
        #expect(contract.due == CalendarDay(year: 2025, month: 12, day: 2))  // Tuesday of the next week
        #expect(contract.speaker == "Alice")

        let notes = try #require(items.first { $0.text.contains("release notes") })
        #expect(notes.owner == "Dave")
        #expect(notes.ownerSource == .named)
        #expect(notes.due == CalendarDay(year: 2025, month: 11, day: 30))
    }

    @Test func requestAcceptedByTheNextSpeaker() throws {
        let text = "Alice: Could you book the big meeting room for the offsite tomorrow?\nBob: Sure, will do.\n"
        let item = try #require(try Fixtures.minutes(text).actionItems.first)
        #expect(item.owner == "Bob")
        #expect(item.ownerSource == .reply)
        #expect(item.due == CalendarDay(year: 2025, month: 11, day: 27))
    }

    @Test func mentionsAssignTheOwner() throws {
        let text = "Alice: @carol please update the pricing page in 3 days.\nCarol: OK.\n"
        let item = try #require(try Fixtures.minutes(text).actionItems.first)
        #expect(item.owner == "Carol")
        #expect(item.due == CalendarDay(year: 2025, month: 11, day: 29))
    }

    @Test func chineseOwnersAndRelativeDueDates() throws {
        let minutes = try Fixtures.minutes(Fixtures.chinese, language: .chinese)
        let fix = try #require(minutes.actionItems.first { $0.text.contains("闪退") })
        #expect(fix.owner == "李雷")
        #expect(fix.due == CalendarDay(year: 2025, month: 12, day: 5))  // 下周五
        #expect(fix.dueText == "下周五前")

        let budget = try #require(minutes.actionItems.first { $0.text.contains("预算表") })
        #expect(budget.owner == "张伟")
        #expect(budget.due == CalendarDay(year: 2025, month: 11, day: 30))  // 月底
        #expect(budget.dueText == "月底之前")
        #expect(budget.speaker == "王芳")
        #expect(budget.utterance == 4)
    }

    @Test func talkIsNotATask() throws {
        let text = "Alice: I'll be honest, the numbers look fine.\nBob: Let me say one more thing about the design.\n"
        #expect(try Fixtures.minutes(text).actionItems.isEmpty)
    }
}
