import Foundation
import ParleyDomain
import ParleyMinutes

extension FollowUpDesk {
    /// Makes a follow-up of each action item of `minutes` whose owner is the meeting's host or one of
    /// its attendees (by user id, case aside), proposed to that owner and asked for by the host. The
    /// id comes from the meeting and the utterance, so minutes concluded again (a restart, a retry)
    /// make nothing twice. Owners and the host are told of the new ones.
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
        guard !made.isEmpty else { return }
        do {
            let inserted = try await services.store.insertFollowUps(made)
            for followUp in inserted { await tell(followUp.parties, event: "created", followUp, services) }
            logger.info("follow-ups made from minutes", metadata: ["meeting.id": "\(meeting.id)", "followup.count": "\(inserted.count)",
                                                                   "followup.unmatched": "\(unmatched)"])
        } catch {
            logger.error("follow-ups from minutes not stored", metadata: ["meeting.id": "\(meeting.id)", "store.error": "\(error)"])
        }
    }
}
