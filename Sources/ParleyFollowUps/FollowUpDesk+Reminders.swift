import Foundation
import ParleyDomain
import ParleyHub
import ParleyStore

extension FollowUpDesk {
    /// The user reminders come from, in each tenant ("Parley", a bot).
    static let reminderSender = "parley"

    /// One reminder pass: each proposed or open follow-up whose reminder moment has come gets its
    /// reminder in its owner's direct conversation with Parley, once. The message's client id is the
    /// reminder's key, so a pass repeated after a crash, or run by two nodes at once, stores it once;
    /// the sent mark only spares the store that retry. Returns how many reminders it posted.
    @discardableResult
    public func remindDue() async -> Int {
        guard let services = attached else { return 0 }
        let now = now()
        // Every zone's morning of a day comes before the end of the next UTC day.
        let horizon = Date(timeIntervalSince1970: Double(now) / 1000 + 24 * 3600)
        let day = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: horizon)
        guard let dueBy = ISODate(year: day.year ?? 0, month: day.month ?? 0, day: day.day ?? 0) else { return 0 }
        var posted = 0
        do {
            for item in try await services.store.followUpsToRemind(dueBy: dueBy, limit: configuration.passLimit) {
                guard let reminder = FollowUpReminder.current(for: item, now: now, hour: configuration.reminderHour),
                      try await !services.store.reminderSent(reminder.key) else { continue }
                if await post(reminder, of: item, now: now, services) {
                    try await services.store.markReminderSent(reminder.key, at: now)
                    posted += 1
                }
            }
        } catch {
            logger.warning("follow-up reminders not read or marked", metadata: ["store.error": "\(error)"])
        }
        return posted
    }

    /// Posts one reminder as an ordinary stored message (history, resume, unread and search see it).
    private func post(_ reminder: FollowUpReminder, of item: FollowUp, now: Int64, _ services: Services) async -> Bool {
        let bot = UserRef(id: Self.reminderSender, tenant: item.tenant)
        do {
            let (conversation, created) = try await services.store.openDirect(bot, item.owner)
            if created { services.hub.conversationChanged(conversation) }
            let language = ((try? await services.store.settings(for: item.owner)) ?? nil)?.language ?? item.language
            let shown = await view(item, for: language)
            let text = ReminderText.render(reminder, text: shown.text, late: reminder.isLate(now: now, lateAfter: configuration.lateAfter),
                                           in: language)
            let payload = ReminderPayload(followup: item.id, reminder: reminder.kind.rawValue, due: reminder.day.description)
            let message = OutgoingMessage(conversation: conversation.id, topic: nil, sender: bot, senderName: "Parley",
                                          clientID: reminder.key, text: text, language: language, kind: .bot,
                                          payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self))
            switch await services.hub.post(message) {
            case .success:
                logger.info("follow-up reminder sent", metadata: ["followup.id": "\(item.id)", "followup.reminder": "\(reminder.key)"])
                return true
            case .failure(let error):
                logger.warning("follow-up reminder not sent", metadata: ["followup.id": "\(item.id)", "hub.error": "\(error.message)"])
                return false
            }
        } catch {
            logger.warning("follow-up reminder not sent", metadata: ["followup.id": "\(item.id)", "store.error": "\(error)"])
            return false
        }
    }

    /// Runs `remindDue` every `reminderInterval` seconds until the desk is detached.
    func startReminders() {
        Task { [weak self] in
            while let self, self.attached != nil {
                await self.remindDue()
                try? await Task.sleep(for: .seconds(self.configuration.reminderInterval))
            }
        }
    }
}

/// What a reminder message carries for the client's buttons (Done, Snooze).
struct ReminderPayload: Encodable {
    var followup: String
    var reminder: String
    var due: String
}
