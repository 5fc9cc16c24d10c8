import Foundation
import ParleyDomain
import ParleyMinutes
import ParleyStore

extension FollowUpDesk {
    /// Makes a follow-up of each action item of `minutes` whose owner is the meeting's host or one of
    /// its attendees (by user id, case aside), proposed to that owner and asked for by the host. The
    /// id comes from the meeting and the utterance, so minutes concluded again (a restart, a retry)
    /// make nothing twice. Owners and the host are told of the new ones. Called again with corrected
    /// minutes (`meeting.correct`), it changes the follow-ups whose action item the host changed.
    public func minutesConcluded(_ meeting: Meeting, _ minutes: Minutes) async {
        guard let services = attached else { return }
        let people = [meeting.host] + meeting.attendees
        let at = now()
        var made: [FollowUp] = []
        var unmatched = 0
        for item in minutes.actionItems {
            guard let name = item.owner?.lowercased(), let owner = people.first(where: { $0.id.lowercased() == name }) else {
                unmatched += 1
                continue
            }
            let due = item.due.flatMap { ISODate(year: $0.year, month: $0.month, day: $0.day) }
            made.append(FollowUp(id: "f-\(meeting.id)-\(item.utterance)", tenant: meeting.host.tenant, text: item.text,
                                 language: minutes.language, owner: owner, requester: meeting.host, due: due,
                                 meeting: meeting.id, conversation: meeting.conversation,
                                 excerpt: "\(item.speaker): \(item.text)", at: at))
        }
        if made.isEmpty && meeting.minutesVersion <= 1 { return }
        do {
            let inserted = try await services.store.insertFollowUps(made)
            for followUp in inserted { await tell(followUp.parties, event: "created", followUp, services) }
            logger.info("follow-ups made from minutes", metadata: ["meeting.id": "\(meeting.id)", "followup.count": "\(inserted.count)",
                                                                   "followup.unmatched": "\(unmatched)"])
            // Corrected minutes (a later version): the follow-ups whose action item changed follow it;
            // those whose action item is gone are dropped; the others and their history stay as they are.
            guard meeting.minutesVersion > 1 else { return }
            let fresh = Set(inserted.map(\.id))
            let wanted = Dictionary(made.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let stored = try await services.store.followUps(FollowUpQuery(tenant: meeting.host.tenant, scope: .meeting(meeting.id)))
            for item in stored where !fresh.contains(item.id) {
                await correct(item.id, by: meeting.host, services) { current in
                    if let want = wanted[current.id] { current.corrected(from: want, by: meeting.host, at: max(at, current.updatedAt + 1)) }
                    else { current.withdrawn(by: meeting.host, at: max(at, current.updatedAt + 1)) }
                }
            }
        } catch {
            logger.error("follow-ups from minutes not stored", metadata: ["meeting.id": "\(meeting.id)", "store.error": "\(error)"])
        }
    }

    /// Applies `change` to what the store holds of follow-up `id` (again, when another node changed
    /// it in between) and tells both parties; a nil change leaves it alone.
    private func correct(_ id: String, by host: UserRef, _ services: Services, _ change: (FollowUp) -> FollowUp?) async {
        for _ in 0..<Self.replaceAttempts {
            guard let current = try? await services.store.followUp(id), let next = change(current) else { return }
            if (try? await services.store.replaceFollowUp(next, expectedUpdatedAt: current.updatedAt)) == true {
                await tell(next.parties.union(current.parties), event: "updated", next, services)
                return
            }
        }
        logger.warning("follow-up not corrected: it kept changing", metadata: ["followup.id": "\(id)"])
    }
}
