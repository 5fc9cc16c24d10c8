import Foundation
import ParleyDomain
import ParleyHub

extension WebhookDesk {
    /// The user that tells admins about their webhooks (the same "Parley" bot as reminders).
    static let noticeSender = "parley"

    /// One delivery pass: claims the due deliveries (on PostgreSQL each by one node), makes their
    /// attempts side by side, and records each outcome. Returns how many attempts it made.
    @discardableResult
    public func deliverDue() async -> Int {
        guard let services = attached else { return 0 }
        await reloadEndpoints()
        let started = now
        let lease = Int64((configuration.requestTimeout + 30) * 1000)
        let due: [WebhookDelivery]
        do { due = try await services.store.claimDueDeliveries(now: started, lease: lease, limit: configuration.passLimit) } catch {
            logger.warning("webhook deliveries not claimed", metadata: ["store.error": "\(error)"])
            return 0
        }
        guard !due.isEmpty else { return 0 }
        var endpoints: [String: WebhookEndpoint] = [:]
        for id in Set(due.map(\.endpoint)) { endpoints[id] = try? await services.store.webhook(id) }
        let known = endpoints
        await withTaskGroup(of: Void.self) { group in
            for delivery in due {
                group.addTask { await self.attempt(delivery, to: known[delivery.endpoint], services) }
            }
        }
        return due.count
    }

    /// One attempt of one delivery, recorded; a 410 or a delivery out of attempts disables its endpoint.
    func attempt(_ delivery: WebhookDelivery, to endpoint: WebhookEndpoint?, _ services: Services) async {
        var d = delivery
        guard let endpoint, endpoint.enabled else {
            d.status = .failed
            d.lastError = "the endpoint is disabled or deleted"
            d.lastAttemptAt = now
            try? await services.store.recordAttempt(d)
            return
        }
        let sentAt = now
        let answer = await sender.post(endpoint.url, id: d.eventID, timestamp: sentAt / 1000,
                                       signature: WebhookSignature.header(id: d.eventID, timestamp: sentAt / 1000, body: d.body,
                                                                          secrets: endpoint.signingSecrets(at: sentAt)),
                                       body: d.body)
        let ended = now
        d.attempts += 1
        d.lastAttemptAt = ended
        d.lastResponse = answer.status
        d.lastError = answer.error
        let verdict = schedule.verdict(attempt: d.attempts, status: answer.status, retryAfter: answer.retryAfter, now: ended,
                                       jitter: Double.random(in: -1...1))
        switch verdict {
        case .delivered: d.status = .delivered
        case .retry(let at):
            d.status = .pending
            d.nextAttemptAt = at
        case .failed, .gone: d.status = .failed
        }
        do { try await services.store.recordAttempt(d) } catch {
            logger.warning("webhook attempt not recorded", metadata: ["store.error": "\(error)", "webhook.delivery": "\(d.id)"])
        }
        logger.debug("webhook attempt", metadata: ["webhook.delivery": "\(d.id)", "webhook.status": "\(answer.status.map(String.init) ?? "none")"])
        switch verdict {
        case .gone: await disable(endpoint, because: "the receiver answered 410 Gone", services)
        case .failed: await disable(endpoint, because: "a delivery failed \(d.attempts) attempts over \(scheduleSpan); last: \(d.lastError ?? "?")", services)
        default: break
        }
    }

    var scheduleSpan: String {
        let hours = configuration.retrySchedule.reduce(0, +) / 3600
        return hours >= 1 ? "\(Int(hours.rounded())) hours" : "\(Int(configuration.retrySchedule.reduce(0, +))) s"
    }

    /// Disables `endpoint`, fails what waits for it, and tells the admin who registered it in their chat with Parley.
    func disable(_ endpoint: WebhookEndpoint, because reason: String, _ services: Services) async {
        guard let current = try? await services.store.webhook(endpoint.id), current.enabled else { return }
        var changed = current
        changed.enabled = false
        changed.disabledReason = reason
        do {
            try await services.store.replaceWebhook(changed)
            try await services.store.failPending(endpoint: endpoint.id, reason: "the endpoint was disabled: \(reason)", now: now)
        } catch {
            logger.warning("webhook not disabled", metadata: ["store.error": "\(error)", "webhook.id": "\(endpoint.id)"])
            return
        }
        await reloadEndpoints()
        logger.warning("webhook disabled", metadata: ["webhook.id": "\(endpoint.id)", "webhook.reason": "\(reason)"])
        let bot = UserRef(id: Self.noticeSender, tenant: endpoint.tenant)
        do {
            let (conversation, created) = try await services.store.openDirect(bot, endpoint.createdBy)
            if created { services.hub.conversationChanged(conversation) }
            let text = "Webhook \(endpoint.url) (\(endpoint.id)) was disabled: \(reason). Its failed deliveries are kept: "
                + "enable it again and redeliver them from the admin page."
            let message = OutgoingMessage(conversation: conversation.id, topic: nil, sender: bot, senderName: "Parley",
                                          clientID: "webhook-disabled-\(endpoint.id)-\(now)", text: text, language: Language("en"), kind: .bot)
            if case .failure(let error) = await services.hub.post(message) {
                logger.warning("webhook notice not sent", metadata: ["hub.error": "\(error.message)"])
            }
        } catch {
            logger.warning("webhook notice not sent", metadata: ["store.error": "\(error)"])
        }
    }

    /// Runs `deliverDue` every `passInterval` seconds until the desk is detached.
    func startPasses() {
        Task { [weak self] in
            while let self, self.attached != nil {
                await self.deliverDue()
                try? await Task.sleep(for: .seconds(self.configuration.passInterval))
            }
        }
    }
}
