import Foundation
import ParleyDomain
import ParleyStore
import Testing

@Suite("PostgreSQL follow-ups", .timeLimit(.minutes(2)))
struct FollowUpStoreTests {
    @Test("the reminder pass skips follow-ups whose overdue reminder is sent, so old ones cannot fill its limit")
    func remindedOnesLeaveThePass() async throws {
        let store = try await TestDatabase.open(try await TestDatabase.make())
        let items = ["f-1", "f-2"].map { FollowUp(id: $0, tenant: "acme", text: $0, language: .english, owner: alice, requester: bob,
                                                  due: ISODate("2026-01-05"), at: 1) }
        #expect(try await store.insertFollowUps(items).count == 2)
        #expect(try await store.insertFollowUps(items).isEmpty)
        let horizon = try #require(ISODate("2026-12-31"))
        try await store.markReminderSent(FollowUpReminder(followUp: "f-1", kind: .due, day: items[0].due!, at: 0).key, at: 2)
        #expect(try await store.followUpsToRemind(dueBy: horizon, limit: 1).map(\.id) == ["f-1"])
        try await store.markReminderSent(FollowUpReminder(followUp: "f-1", kind: .overdue, day: items[0].due!, at: 0).key, at: 3)
        #expect(try await store.followUpsToRemind(dueBy: horizon, limit: 1).map(\.id) == ["f-2"])
        #expect(try await store.reminderSent("r-f-1-overdue-2026-01-05"))
        await store.close()
    }
}
