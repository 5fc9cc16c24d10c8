import Foundation

/// A reminder of a follow-up in its owner's chat: on the morning of the due day ("due"), and on the
/// morning after it ("overdue"), in the owner's time zone. `key` names it for good: it is the client
/// id of the reminder's message, so posting it twice (a restart, another node) stores it once.
public struct FollowUpReminder: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case due
        case overdue
    }

    public var followUp: String
    public var kind: Kind
    /// The due day it is about.
    public var day: ISODate
    /// When it is due (milliseconds since 1970).
    public var at: Int64

    /// Both stores build the overdue key in SQL to skip follow-ups whose reminders are all sent
    /// (`FollowUpStoring.followUpsToRemind`): change the format there too.
    public init(followUp: String, kind: Kind, day: ISODate, at: Int64) {
        self.followUp = followUp
        self.kind = kind
        self.day = day
        self.at = at
    }

    public var key: String { "r-\(followUp)-\(kind.rawValue)-\(day)" }

    /// Whether it goes out more than `lateAfter` milliseconds after `at` (the daemon was down).
    public func isLate(now: Int64, lateAfter: Int64) -> Bool { now - at > lateAfter }

    /// The reminder of `item` to send at `now`, if any: the latest of its reminders whose moment has
    /// come (an item long overdue gets one "overdue" reminder, not a "due" one as well). Closed and
    /// done items and items without a due date get none. `hour` is the local hour of the morning.
    public static func current(for item: FollowUp, now: Int64, hour: Int) -> FollowUpReminder? {
        guard item.status == .proposed || item.status == .open, let due = item.due else { return nil }
        let zone = item.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
        guard let dueAt = morning(of: due, plusDays: 0, hour: hour, in: zone),
              let overdueAt = morning(of: due, plusDays: 1, hour: hour, in: zone) else { return nil }
        if now >= overdueAt { return FollowUpReminder(followUp: item.id, kind: .overdue, day: due, at: overdueAt) }
        if now >= dueAt { return FollowUpReminder(followUp: item.id, kind: .due, day: due, at: dueAt) }
        return nil
    }

    /// `hour`:00 local time, `plusDays` after `day`, in milliseconds since 1970.
    static func morning(of day: ISODate, plusDays: Int, hour: Int, in zone: TimeZone) -> Int64? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour)),
              let shifted = calendar.date(byAdding: .day, value: plusDays, to: start) else { return nil }
        return Int64(shifted.timeIntervalSince1970 * 1000)
    }
}
