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
                if configuration.digestHour != nil, reminder.isLate(now: now, lateAfter: configuration.digestInsteadAfter) {
                    // Long past its moment (parleyd was down): the next digest lists it instead.
                    try await services.store.markReminderSent(reminder.key, at: now)
                    continue
                }
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
        let language = await language(of: item.owner, default: item.language, services)
        let shown = await view(item, for: language)
        let text = ReminderText.render(reminder, text: shown.text, late: reminder.isLate(now: now, lateAfter: configuration.lateAfter),
                                       in: language)
        let payload = ReminderPayload(followup: item.id, reminder: reminder.kind.rawValue, due: reminder.day.description)
        return await say(text, to: item.owner, in: language, key: reminder.key,
                         payload: (try? JSONEncoder().encode(payload)).map { String(decoding: $0, as: UTF8.self) }, services)
    }

    /// One digest pass: each owner of pending follow-ups whose morning (`digestHour`, their time
    /// zone) has come gets today's digest in their chat with Parley, once (its key is the message's
    /// client id, and a sent mark spares the retry). Returns how many digests it posted.
    @discardableResult
    public func sendDigests() async -> Int {
        guard let services = attached, let hour = configuration.digestHour else { return 0 }
        let now = now()
        var byOwner: [UserRef: [FollowUp]] = [:]
        do {
            var after = ""
            while true {
                let page = try await services.store.pendingFollowUps(after: after, limit: 1_000)
                for item in page { byOwner[item.owner, default: []].append(item) }
                guard page.count == 1_000, let last = page.last else { break }
                after = last.id
            }
        } catch {
            logger.warning("follow-up digests not read", metadata: ["store.error": "\(error)"])
            return 0
        }
        var posted = 0
        for (owner, items) in byOwner {
            let zone = items.lazy.compactMap(\.timeZone).first.flatMap(TimeZone.init(identifier:))
            guard let digest = FollowUpDigest.current(owner: owner, items: items, now: now, hour: hour, zone: zone),
                  (try? await services.store.reminderSent(digest.key)) == false else { continue }
            let language = await language(of: owner, default: digest.items[0].language, services)
            var texts: [String] = []
            for item in digest.items { texts.append(await view(item, for: language).text) }
            if await say(DigestText.render(digest, texts: texts, in: language), to: owner, in: language, key: digest.key, payload: nil, services) {
                try? await services.store.markReminderSent(digest.key, at: now)
                posted += 1
            }
        }
        return posted
    }

    func language(of user: UserRef, default fallback: Language, _ services: Services) async -> Language {
        ((try? await services.store.settings(for: user)) ?? nil)?.language ?? fallback
    }

    /// Posts `text` from Parley into `owner`'s direct conversation with it, with `key` as the client id.
    private func say(_ text: String, to owner: UserRef, in language: Language, key: String, payload: String?, _ services: Services) async -> Bool {
        let bot = UserRef(id: Self.reminderSender, tenant: owner.tenant)
        do {
            let (conversation, created) = try await services.store.openDirect(bot, owner)
            if created { services.hub.conversationChanged(conversation) }
            let message = OutgoingMessage(conversation: conversation.id, topic: nil, sender: bot, senderName: "Parley",
                                          clientID: key, text: text, language: language, kind: .bot, payload: payload)
            switch await services.hub.post(message) {
            case .success:
                logger.info("follow-up reminder sent", metadata: ["followup.reminder": "\(key)"])
                return true
            case .failure(let error):
                logger.warning("follow-up reminder not sent", metadata: ["followup.reminder": "\(key)", "hub.error": "\(error.message)"])
                return false
            }
        } catch {
            logger.warning("follow-up reminder not sent", metadata: ["followup.reminder": "\(key)", "store.error": "\(error)"])
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
        guard configuration.digestHour != nil else { return }
        Task { [weak self] in
            while let self, self.attached != nil {
                await self.sendDigests()
                try? await Task.sleep(for: .seconds(self.configuration.digestInterval))
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
