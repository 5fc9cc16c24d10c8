extension FollowUp {
    /// This follow-up after the host corrected the minutes it came from, where `item` is what the
    /// corrected action item makes: a different text, owner or due date is taken over, each with a
    /// history entry by `host` (a new owner gets it proposed); nil when nothing differs or when its
    /// work is no longer pending (done, accepted or dropped is not undone by an edit of the minutes).
    public func corrected(from item: FollowUp, by host: UserRef, at: Int64) -> FollowUp? {
        guard status == .proposed || status == .open else { return nil }
        var next = self
        if item.text != text {
            next.history.append(FollowUpChange(by: host, at: at, change: .text(from: text, to: item.text)))
            next.text = item.text
            next.excerpt = item.excerpt
        }
        if item.owner != owner {
            next.history.append(FollowUpChange(by: host, at: at, change: .owner(from: owner, to: item.owner)))
            next.owner = item.owner
            if status != .proposed {
                next.history.append(FollowUpChange(by: host, at: at, change: .status(from: status, to: .proposed)))
                next.status = .proposed
            }
        }
        if item.due != due {
            next.history.append(FollowUpChange(by: host, at: at, change: .due(from: due, to: item.due)))
            next.due = item.due
        }
        guard next.history.count > history.count else { return nil }
        next.updatedAt = at
        return next
    }

    /// This follow-up dropped by `host` because the corrected minutes no longer have its action
    /// item; nil when its work is no longer pending.
    public func withdrawn(by host: UserRef, at: Int64) -> FollowUp? {
        guard status == .proposed || status == .open else { return nil }
        var next = self
        next.history.append(FollowUpChange(by: host, at: at, change: .status(from: status, to: .dropped)))
        next.status = .dropped
        next.updatedAt = at
        return next
    }
}
