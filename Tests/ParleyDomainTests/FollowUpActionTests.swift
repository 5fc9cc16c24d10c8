import Foundation
import ParleyDomain
import Testing

@Suite("Follow-up rules")
struct FollowUpActionTests {
    let host = UserRef(id: "host", tenant: "acme"), ana = UserRef(id: "ana", tenant: "acme"), bob = UserRef(id: "bob", tenant: "acme")

    var proposed: FollowUp {
        FollowUp(id: "f-1", tenant: "acme", text: "Update the contract", language: .english, owner: ana, requester: host,
                 due: ISODate("2026-11-27"), at: 100)
    }

    func apply(_ actions: [(FollowUpAction, UserRef)], to item: FollowUp) -> Result<FollowUp, ProtocolError> {
        var current = item
        for (i, (action, user)) in actions.enumerated() {
            switch action.apply(to: current, by: user, at: 200 + Int64(i)) {
            case .success(let next): current = next
            case .failure(let e): return .failure(e)
            }
        }
        return .success(current)
    }

    @Test func theLoopFromProposedToAccepted() throws {
        let done = try apply([(.accept, ana), (.done, ana), (.accept, host)], to: proposed).get()
        #expect(done.status == .accepted)
        #expect(done.history.map(\.change) == [.created(.proposed), .status(from: .proposed, to: .open),
                                               .status(from: .open, to: .done), .status(from: .done, to: .accepted)])
        #expect(done.history.map(\.by) == [host, ana, ana, host])
        #expect(done.updatedAt == 202)
    }

    @Test func onlyOwnerAndRequesterChangeIt() {
        #expect(FollowUpAction.done.apply(to: proposed, by: bob, at: 1).failure?.code == .forbidden)
        #expect(FollowUpAction.accept.apply(to: proposed, by: host, at: 1).failure?.message == "only the owner (ana@acme) accepts a proposed follow-up")
        let done = try? apply([(.done, ana)], to: proposed).get()
        #expect(done.flatMap { FollowUpAction.accept.apply(to: $0, by: ana, at: 9).failure?.message }
                == "only the requester (host@acme) accepts work marked done")
    }

    @Test func theRequesterMarkingItDoneClosesIt() throws {
        #expect(try apply([(.done, host)], to: proposed).get().status == .accepted)
    }

    @Test func reopenSendsWorkBack() throws {
        let reopened = try apply([(.done, ana), (.reopen, host)], to: proposed).get()
        #expect(reopened.status == .open)
        #expect(FollowUpAction.reopen.apply(to: proposed, by: ana, at: 1).failure?.code == .forbidden)
    }

    @Test func closedOnesStayClosed() throws {
        let dropped = try apply([(.drop, ana)], to: proposed).get()
        #expect(FollowUpAction.done.apply(to: dropped, by: ana, at: 1).failure?.message == "follow-up f-1 is dropped: it is closed")
    }

    @Test func reassignProposesItToTheNewOwnerInTheSameTenant() throws {
        let moved = try apply([(.accept, ana), (.reassign(bob), host)], to: proposed).get()
        #expect(moved.owner == bob)
        #expect(moved.status == .proposed)
        #expect(moved.history.suffix(2).map(\.change) == [.owner(from: ana, to: bob), .status(from: .open, to: .proposed)])
        #expect(FollowUpAction.reassign(UserRef(id: "pat", tenant: "partner")).apply(to: proposed, by: host, at: 1).failure?.code == .forbidden)
        #expect(FollowUpAction.reassign(ana).apply(to: proposed, by: host, at: 1).failure?.code == .conflict)
    }

    @Test func dueDatesChangeWithHistory() throws {
        let later = try apply([(.due(ISODate("2026-12-04")), ana)], to: proposed).get()
        #expect(later.due == ISODate("2026-12-04"))
        #expect(later.history.last?.change == .due(from: ISODate("2026-11-27"), to: ISODate("2026-12-04")))
        #expect(FollowUpAction.due(ISODate("2026-11-27")).apply(to: proposed, by: ana, at: 1).failure?.code == .conflict)
    }
}

extension Result {
    var failure: Failure? { if case .failure(let e) = self { e } else { nil } }
}

@Suite("Follow-up reminders")
struct FollowUpReminderTests {
    let ana = UserRef(id: "ana", tenant: "acme"), host = UserRef(id: "host", tenant: "acme")

    func item(zone: String?, status: FollowUp.Status = .open) -> FollowUp {
        var f = FollowUp(id: "f-1", tenant: "acme", text: "t", language: .english, owner: ana, requester: host,
                         due: ISODate("2026-11-27"), timeZone: zone, status: status, at: 0)
        f.status = status
        return f
    }

    /// Milliseconds of an instant written in UTC.
    func utc(_ text: String) -> Int64 { Int64(ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970 * 1000) }

    @Test func dueOnTheMorningInTheOwnersZoneThenOverdueTheNextMorning() {
        let shanghai = item(zone: "Asia/Shanghai")  // 09:00 in Shanghai is 01:00 UTC
        #expect(FollowUpReminder.current(for: shanghai, now: utc("2026-11-27T00:59:59Z"), hour: 9) == nil)
        let due = FollowUpReminder.current(for: shanghai, now: utc("2026-11-27T01:00:00Z"), hour: 9)
        #expect(due?.kind == .due)
        #expect(due?.at == utc("2026-11-27T01:00:00Z"))
        #expect(due?.key == "r-f-1-due-2026-11-27")
        let overdue = FollowUpReminder.current(for: shanghai, now: utc("2026-11-28T01:00:00Z"), hour: 9)
        #expect(overdue?.kind == .overdue)
        #expect(overdue?.key == "r-f-1-overdue-2026-11-27")
        // Without a zone: UTC; in New York the morning comes 5 hours after UTC's.
        #expect(FollowUpReminder.current(for: item(zone: nil), now: utc("2026-11-27T09:00:00Z"), hour: 9)?.kind == .due)
        #expect(FollowUpReminder.current(for: item(zone: "America/New_York"), now: utc("2026-11-27T13:59:00Z"), hour: 9) == nil)
        #expect(FollowUpReminder.current(for: item(zone: "America/New_York"), now: utc("2026-11-27T14:00:00Z"), hour: 9)?.kind == .due)
    }

    @Test func doneClosedAndUndatedOnesAreNotReminded() {
        let late = utc("2026-12-08T12:00:00Z")
        for status in [FollowUp.Status.done, .accepted, .dropped] {
            #expect(FollowUpReminder.current(for: item(zone: nil, status: status), now: late, hour: 9) == nil)
        }
        var undated = item(zone: nil)
        undated.due = nil
        #expect(FollowUpReminder.current(for: undated, now: late, hour: 9) == nil)
        #expect(FollowUpReminder.current(for: item(zone: nil, status: .proposed), now: late, hour: 9)?.isLate(now: late, lateAfter: 600_000) == true)
    }
}

@Suite("Follow-ups after corrected minutes")
struct FollowUpCorrectionTests {
    let host = UserRef(id: "host", tenant: "acme"), ana = UserRef(id: "ana", tenant: "acme"), li = UserRef(id: "li", tenant: "acme")

    func item(owner: UserRef, due: String?, text: String = "Send the schedule") -> FollowUp {
        FollowUp(id: "f-m-1", tenant: "acme", text: text, language: .english, owner: owner, requester: host, due: due.flatMap(ISODate.init), at: 1)
    }

    @Test("what the host changed is taken over, each change in the history by the host; a new owner gets it proposed")
    func changes() throws {
        var open = item(owner: ana, due: "2026-12-01")
        open.status = .open
        let next = try #require(open.corrected(from: item(owner: li, due: "2026-12-04", text: "Send the new schedule"), by: host, at: 5))
        #expect(next.text == "Send the new schedule")
        #expect(next.owner == li)
        #expect(next.status == .proposed)
        #expect(next.due == ISODate("2026-12-04"))
        #expect(next.history.dropFirst().map(\.by) == [host, host, host, host])
        #expect(next.history.last?.change == .due(from: ISODate("2026-12-01"), to: ISODate("2026-12-04")))
        #expect(next.updatedAt == 5)
    }

    @Test("nothing changed, or a closed follow-up: left alone; a removed item drops an open one only")
    func leftAlone() {
        let same = item(owner: ana, due: "2026-12-01")
        #expect(same.corrected(from: item(owner: ana, due: "2026-12-01"), by: host, at: 5) == nil)
        var done = same
        done.status = .done
        #expect(done.corrected(from: item(owner: li, due: nil), by: host, at: 5) == nil)
        #expect(done.withdrawn(by: host, at: 5) == nil)
        #expect(same.withdrawn(by: host, at: 5)?.status == .dropped)
    }
}

@Suite("Daily digest")
struct FollowUpDigestTests {
    let ana = UserRef(id: "ana", tenant: "acme"), host = UserRef(id: "host", tenant: "acme")

    func item(_ id: String, due: String?, status: FollowUp.Status = .proposed, owner: UserRef? = nil) -> FollowUp {
        var f = FollowUp(id: id, tenant: "acme", text: id, language: .english, owner: owner ?? ana, requester: host, due: due.flatMap(ISODate.init), at: 1)
        f.status = status
        return f
    }

    @Test("after the owner's hour in their zone: pending ones only, overdue first, no date last; before it, none")
    func current() throws {
        // 2026-12-08 06:30 UTC is 14:30 in Shanghai and 22:30 (the day before) in Los Angeles.
        let now: Int64 = 1_796_711_400_000
        let items = [item("c", due: nil), item("b", due: "2026-12-20"), item("a", due: "2026-12-01"), item("x", due: "2026-11-01", status: .done),
                     item("y", due: "2026-11-01", owner: host)]
        let digest = try #require(FollowUpDigest.current(owner: ana, items: items, now: now, hour: 9, zone: TimeZone(identifier: "Asia/Shanghai")))
        #expect(digest.day == ISODate("2026-12-08"))
        #expect(digest.items.map(\.id) == ["a", "b", "c"])
        #expect(digest.overdueCount == 1)
        #expect(digest.key == "d-ana@acme-2026-12-08")
        #expect(FollowUpDigest.current(owner: ana, items: items, now: now, hour: 9, zone: TimeZone(identifier: "UTC")) == nil, "06:30 UTC is before 9")
        #expect(FollowUpDigest.current(owner: ana, items: items, now: now, hour: 9, zone: TimeZone(identifier: "America/Los_Angeles"))?.day
                == ISODate("2026-12-07"))
        #expect(FollowUpDigest.current(owner: ana, items: [item("x", due: nil, status: .done)], now: now, hour: 0, zone: nil) == nil)
    }
}

@Suite("Follow-up due dates")
struct FollowUpDueTests {
    @Test("a new due day before the follow-up was made is refused by name; its own day and later ones are fine")
    func beforeCreation() throws {
        let ana = UserRef(id: "ana", tenant: "acme")
        // Made on 2025-11-25 at 10:00 UTC.
        let item = FollowUp(id: "f-1", tenant: "acme", text: "x", language: .english, owner: ana, requester: ana, due: nil, at: 1_764_064_800_000)
        guard case .failure(let error) = FollowUpAction.due(ISODate("2025-11-24")).apply(to: item, by: ana, at: 1_764_064_900_000) else {
            Issue.record("a day before creation was accepted")
            return
        }
        #expect(error.code == .badFrame)
        #expect(error.message.contains("2025-11-24"))
        #expect((try? FollowUpAction.due(ISODate("2025-11-25")).apply(to: item, by: ana, at: 1_764_064_900_000).get())?.due == ISODate("2025-11-25"))
    }
}
