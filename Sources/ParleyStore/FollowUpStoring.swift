import ParleyDomain

/// Where follow-ups are kept: the follow-ups feature's own slice of the store, implemented by both
/// drivers. Rules (who may change what) live above it, in `FollowUpAction`.
public protocol FollowUpStoring: Sendable {
    /// Stores the follow-ups whose id is new and returns them; ids already stored are left as they
    /// are (minutes made again, a retried request), so creation is exactly once.
    func insertFollowUps(_ items: [FollowUp]) async throws -> [FollowUp]
    func followUp(_ id: String) async throws -> FollowUp?
    /// Replaces a stored follow-up if it was last changed at `expectedUpdatedAt`; false when someone
    /// changed it in between (the caller reads it again).
    func replaceFollowUp(_ item: FollowUp, expectedUpdatedAt: Int64) async throws -> Bool
    /// A tenant's follow-ups that match `query`, due first (no due date last), at most `query.limit`.
    func followUps(_ query: FollowUpQuery) async throws -> [FollowUp]

    /// Every tenant's proposed and open follow-ups due on or before `day` whose last reminder (the
    /// overdue one for their due day, `FollowUpReminder.key`) is not sent yet, at most `limit`: the
    /// reminder pass, which would otherwise fill its limit with follow-ups reminded long ago.
    func followUpsToRemind(dueBy day: ISODate, limit: Int) async throws -> [FollowUp]
    /// Whether the reminder with this key was sent (`FollowUpReminder.key`).
    func reminderSent(_ key: String) async throws -> Bool
    /// Records that the reminder with this key was sent (again: nothing changes).
    func markReminderSent(_ key: String, at: Int64) async throws
    /// Every tenant's proposed and open follow-ups with an id after `after`, by id, at most `limit`
    /// (the daily digest pages through them).
    func pendingFollowUps(after: String, limit: Int) async throws -> [FollowUp]
}

/// Which follow-ups to list.
public struct FollowUpQuery: Sendable, Equatable {
    public enum Scope: Sendable, Equatable {
        /// Owned by or asked for by this user.
        case involving(UserRef)
        case meeting(String)
        case conversation(String)
    }

    public var tenant: String
    public var scope: Scope
    /// Only these statuses (empty: every one).
    public var statuses: Set<FollowUp.Status>
    /// Only those due on or before this day.
    public var dueBy: ISODate?
    public var limit: Int

    public init(tenant: String, scope: Scope, statuses: Set<FollowUp.Status> = [], dueBy: ISODate? = nil, limit: Int = 200) {
        self.tenant = tenant
        self.scope = scope
        self.statuses = statuses
        self.dueBy = dueBy
        self.limit = limit
    }

    /// Whether `item` matches (the drivers select by scope and tenant; this applies the rest, once).
    public func matches(_ item: FollowUp) -> Bool {
        guard item.tenant == tenant else { return false }
        switch scope {
        case .involving(let user): guard item.parties.contains(user) else { return false }
        case .meeting(let id): guard item.meeting == id else { return false }
        case .conversation(let id): guard item.conversation == id else { return false }
        }
        if !statuses.isEmpty, !statuses.contains(item.status) { return false }
        if let dueBy { guard let due = item.due, due.description <= dueBy.description else { return false } }
        return true
    }

    /// Due first, then no due date; ties by creation.
    public static func order(_ a: FollowUp, _ b: FollowUp) -> Bool {
        switch (a.due, b.due) {
        case let (x?, y?) where x != y: return x.description < y.description
        case (.some, nil): return true
        case (nil, .some): return false
        default: return (a.createdAt, a.id) < (b.createdAt, b.id)
        }
    }
}
