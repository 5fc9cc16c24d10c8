import Foundation

/// One owner's daily digest: their pending follow-ups (proposed and open), overdue ones first, on
/// the morning of a day in their time zone. `key` names it for good (the client id of its message),
/// so it goes out once per owner and day, whichever node or pass gets there first.
public struct FollowUpDigest: Sendable, Equatable {
    public var owner: UserRef
    /// The owner's local day it is for.
    public var day: ISODate
    /// Pending follow-ups, overdue first (oldest due first), then by due day (none last).
    public var items: [FollowUp]

    public var key: String { "d-\(owner)-\(day)" }

    /// How many of `items` were due before `day`.
    public var overdueCount: Int { items.filter { $0.due.map { $0.description < day.description } ?? false }.count }

    /// The digest of `owner` at `now`, if their local clock has passed `hour` today and they have
    /// pending follow-ups; `zone` is theirs (UTC when unknown).
    public static func current(owner: UserRef, items: [FollowUp], now: Int64, hour: Int, zone: TimeZone?) -> FollowUpDigest? {
        let pending = items.filter { $0.owner == owner && ($0.status == .proposed || $0.status == .open) }
        guard !pending.isEmpty else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone ?? TimeZone(identifier: "UTC")!
        let local = calendar.dateComponents([.year, .month, .day, .hour], from: Date(timeIntervalSince1970: Double(now) / 1000))
        guard let h = local.hour, h >= hour, let day = ISODate(year: local.year ?? 0, month: local.month ?? 0, day: local.day ?? 0) else { return nil }
        let sorted = pending.sorted { a, b in
            switch (a.due, b.due) {
            case let (x?, y?) where x != y: x.description < y.description
            case (nil, _?): false
            case (_?, nil): true
            default: a.id < b.id
            }
        }
        return FollowUpDigest(owner: owner, day: day, items: sorted)
    }
}
