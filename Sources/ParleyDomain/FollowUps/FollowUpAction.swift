/// What a user asks of a follow-up (`followup.update`), and the rules that decide it: the owner
/// and the requester may change a follow-up, nobody else; each action is allowed from some
/// statuses only. Pure: the desk applies it to what the store holds and stores the result.
public enum FollowUpAction: Sendable, Equatable {
    /// The owner takes on a proposed follow-up; the requester accepts one marked done.
    case accept
    /// The owner (or the requester) says it is done.
    case done
    /// The requester sends work marked done back to the owner.
    case reopen
    /// Owner or requester: nobody will do it.
    case drop
    /// Owner or requester: someone else owns it from now on (it is proposed to them).
    case reassign(UserRef)
    /// Owner or requester: a new due date (nil: none).
    case due(ISODate?)

    /// The follow-up after `user` did this at `at`, or the refusal naming why not.
    public func apply(to item: FollowUp, by user: UserRef, at: Int64) -> Result<FollowUp, ProtocolError> {
        let isOwner = user == item.owner, isRequester = user == item.requester
        guard isOwner || isRequester else {
            return .failure(ProtocolError(.forbidden, "only the owner (\(item.owner)) and the requester (\(item.requester)) may change follow-up \(item.id)"))
        }
        if item.status.isClosed, self != .reopen {
            return .failure(ProtocolError(.conflict, "follow-up \(item.id) is \(item.status.rawValue): it is closed"))
        }
        var next = item
        func move(to status: FollowUp.Status) {
            next.history.append(FollowUpChange(by: user, at: at, change: .status(from: item.status, to: status)))
            next.status = status
        }
        switch self {
        case .accept:
            switch item.status {
            case .proposed where isOwner: move(to: .open)
            case .done where isRequester: move(to: .accepted)
            case .proposed: return .failure(ProtocolError(.forbidden, "only the owner (\(item.owner)) accepts a proposed follow-up"))
            case .done: return .failure(ProtocolError(.forbidden, "only the requester (\(item.requester)) accepts work marked done"))
            default: return .failure(ProtocolError(.conflict, "follow-up \(item.id) is \(item.status.rawValue): there is nothing to accept"))
            }
        case .done:
            guard item.status == .proposed || item.status == .open else {
                return .failure(ProtocolError(.conflict, "follow-up \(item.id) is already \(item.status.rawValue)"))
            }
            // The requester marking it done needs no acceptance from themself.
            move(to: isRequester ? .accepted : .done)
        case .reopen:
            guard isRequester, item.status == .done else {
                return .failure(ProtocolError(isRequester ? .conflict : .forbidden,
                                              isRequester ? "only work marked done can be reopened (it is \(item.status.rawValue))"
                                                          : "only the requester (\(item.requester)) reopens a follow-up"))
            }
            move(to: .open)
        case .drop:
            move(to: .dropped)
        case .reassign(let to):
            guard to != item.owner else { return .failure(ProtocolError(.conflict, "\(to) already owns follow-up \(item.id)")) }
            guard to.tenant == item.tenant else {
                return .failure(ProtocolError(.forbidden, "follow-ups stay in tenant \(item.tenant): \(to) is of another tenant"))
            }
            next.history.append(FollowUpChange(by: user, at: at, change: .owner(from: item.owner, to: to)))
            next.owner = to
            if item.status != .proposed { move(to: .proposed) }
        case .due(let day):
            // A day before the follow-up existed (before its meeting) is a typo, not a plan.
            if let day, day.millisecondsSince1970 + 86_400_000 <= item.createdAt {
                return .failure(ProtocolError(.badFrame, "'due' \(day) is before follow-up \(item.id) was made; give a later day"))
            }
            guard day != item.due else { return .failure(ProtocolError(.conflict, "follow-up \(item.id) is already due \(day?.description ?? "never")")) }
            next.history.append(FollowUpChange(by: user, at: at, change: .due(from: item.due, to: day)))
            next.due = day
        }
        next.updatedAt = at
        return .success(next)
    }
}
