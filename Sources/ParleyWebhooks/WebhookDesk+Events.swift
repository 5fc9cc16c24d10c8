import Foundation
import ParleyDomain
import ParleyMinutes

extension WebhookDesk {
    /// `message.created` for each message, to its conversation's tenant's endpoints.
    func publish(_ messages: [ChatMessage]) async {
        guard let services = attached, !messages.isEmpty else { return }
        var events: [WebhookEvent] = []
        for message in messages {
            guard let tenant = await tenant(of: message.conversation, services),
                  !endpoints(of: tenant, for: .messageCreated).isEmpty else { continue }
            events.append(WebhookEvent(.messageCreated, tenant: tenant, key: "\(message.conversation)|\(message.seq)", at: message.at,
                                       data: MessageData(message)))
        }
        await enqueue(events)
    }

    /// `minutes.created`, to the host's tenant's endpoints (the daemon calls it when minutes are stored).
    public func minutesCreated(_ meeting: Meeting, _ minutes: Minutes) async {
        let data = MinutesData(meeting: meeting.id, title: meeting.title, host: meeting.host.description, conversation: meeting.conversation,
                               language: meeting.language.code, minutes: minutes)
        await enqueue([WebhookEvent(.minutesCreated, tenant: meeting.host.tenant, key: "\(meeting.id)|\(meeting.minutesVersion)",
                                    at: now, data: data)])
    }

    /// `followup.created` or `followup.updated` (the daemon calls it for each change the follow-ups feature tells).
    public func followUpChanged(_ event: String, _ item: FollowUp) async {
        let type: WebhookEventType = event == "created" ? .followUpCreated : .followUpUpdated
        await enqueue([WebhookEvent(type, tenant: item.tenant, key: "\(item.id)|\(item.updatedAt)|\(item.history.count)", at: item.updatedAt,
                                    data: FollowUpData(followup: item))])
    }

    /// One outbox row per event and endpoint that wants it; the next pass delivers them.
    func enqueue(_ events: [WebhookEvent]) async {
        guard let services = attached, !events.isEmpty else { return }
        let now = now
        let deliveries = events.flatMap { event in endpoints(of: event.tenant, for: event.type).map { event.delivery(to: $0, at: now) } }
        guard !deliveries.isEmpty else { return }
        do {
            try await services.store.enqueueDeliveries(deliveries)
        } catch {
            logger.error("webhook deliveries not stored", metadata: ["store.error": "\(error)", "webhook.deliveries": "\(deliveries.count)"])
        }
    }
}
