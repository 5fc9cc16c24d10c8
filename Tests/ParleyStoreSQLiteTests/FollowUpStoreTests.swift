import Foundation
import Logging
import ParleyDomain
import ParleyStore
import ParleyStoreSQLite
import Testing

@Suite("SQLite follow-ups", .timeLimit(.minutes(2)))
struct FollowUpStoreTests {
    @Test("the reminder pass skips follow-ups whose overdue reminder is sent, so old ones cannot fill its limit")
    func remindedOnesLeaveThePass() throws {
        let store = try SQLiteStore(SQLiteConfiguration(path: NSTemporaryDirectory() + "parley-fu-\(UUID().uuidString)/db.sqlite", durability: .normal),
                                    logger: Logger(label: "test"))
        defer { store.close() }
        let (ana, host) = (UserRef(id: "ana", tenant: "acme"), UserRef(id: "host", tenant: "acme"))
        let items = ["f-1", "f-2"].map { FollowUp(id: $0, tenant: "acme", text: $0, language: .english, owner: ana, requester: host,
                                                  due: ISODate("2026-01-05"), at: 1) }
        #expect(try store.insertFollowUps(items).count == 2)
        #expect(try store.insertFollowUps(items).isEmpty)
        let horizon = try #require(ISODate("2026-12-31"))
        try store.markReminderSent(FollowUpReminder(followUp: "f-1", kind: .due, day: items[0].due!, at: 0).key, at: 2)
        #expect(try store.followUpsToRemind(dueBy: horizon, limit: 1).map(\.id) == ["f-1"])
        try store.markReminderSent(FollowUpReminder(followUp: "f-1", kind: .overdue, day: items[0].due!, at: 0).key, at: 3)
        #expect(try store.followUpsToRemind(dueBy: horizon, limit: 1).map(\.id) == ["f-2"])
        #expect(try store.reminderSent("r-f-1-overdue-2026-01-05"))
    }
}
