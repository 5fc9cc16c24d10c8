import Foundation
import ParleyDomain

extension HubCore {
    // MARK: Subscriptions

    func subscribe(_ session: Session, identity: Identity, requestID: String?, conversation: String, topics: Set<String>?, since: Int64?) {
        if conversation == "*" {
            session.wildcard = true
            for c in directory.values where c.members.contains(identity.user) && session.subscriptions[c.id] == nil {
                if session.subscriptions.count >= configuration.maxSubscriptions { break }
                addSubscription(session, conversation: c.id, topics: nil, since: nil)
            }
            send(ServerFrames.subscribed(requestID: requestID, Replies.Subscribed(conversation: "*", lastSeq: 0, topics: nil)), to: session)
            return
        }
        guard readable(conversation, by: identity, requestID: requestID, session: session), let c = directory[conversation] else { return }
        if topics != nil && c.kind != .topics {
            send(ProtocolError(.badFrame, "conversation \(conversation) has no topics; subscribe without 'topics'", requestID: requestID), to: session)
            return
        }
        if session.subscriptions[conversation] == nil && session.subscriptions.count >= configuration.maxSubscriptions {
            send(ProtocolError(.tooManySubscriptions, "a connection may hold \(configuration.maxSubscriptions) subscriptions", requestID: requestID), to: session)
            return
        }
        if session.subscriptions[conversation] != nil { unsubscribe(session, from: conversation) }
        // `since` past the newest message is clamped to it: the subscriber has everything so far.
        let since = since.map { min($0, newestSeq(conversation)) }
        let last = addSubscription(session, conversation: conversation, topics: topics, since: since)
        send(ServerFrames.subscribed(requestID: requestID,
                                     Replies.Subscribed(conversation: conversation, lastSeq: last, topics: topics?.sorted())), to: session)
        if let since, since < last { startCatchUp(session, conversation: conversation, from: since + 1) }
    }

    /// Adds the subscription and returns the conversation's newest fanned-out sequence number.
    @discardableResult
    func addSubscription(_ session: Session, conversation: String, topics: Set<String>?, since: Int64?) -> Int64 {
        let lane = lane(for: conversation)
        var cursor = DeliveryCursor(lastSeen: since ?? lane.lastFanned)
        if let since, since < lane.lastFanned { cursor.beginCatchUp() }
        // Mutate the subscriber list in place: a local copy would copy (and retain) every element.
        let subscription = Subscription(session: session, cursor: cursor, topics: topics, slot: subscribers[conversation]?.count ?? 0)
        session.subscriptions[conversation] = subscription
        subscribers[conversation, default: []].append(subscription)
        return lane.lastFanned
    }

    func unsubscribe(_ session: Session, from conversation: String) {
        guard let sub = session.subscriptions.removeValue(forKey: conversation), let count = subscribers[conversation]?.count else { return }
        // Swap-remove in place (O(1)); see addSubscription for why there is no local copy.
        let last = count - 1
        if sub.slot != last, let moved = subscribers[conversation]?[last] {
            subscribers[conversation]![sub.slot] = moved
            moved.slot = sub.slot
        }
        subscribers[conversation]!.removeLast()
        if subscribers[conversation]!.isEmpty { subscribers[conversation] = nil }
    }

    /// The newest committed sequence number this shard knows of in `conversation`.
    func newestSeq(_ conversation: String) -> Int64 {
        max(lanes[conversation]?.lastFanned ?? 0, directory[conversation]?.lastSeq ?? 0)
    }

    func lane(for conversation: String) -> DeliveryLane {
        if let lane = lanes[conversation] { return lane }
        let lane = DeliveryLane(lastFanned: directory[conversation]?.lastSeq ?? 0)
        lanes[conversation] = lane
        return lane
    }

    /// A conversation was created or its members changed: update the directory and the
    /// subscriptions of sessions that joined (wildcard) or left.
    func conversationChanged(_ conversation: Conversation) {
        let before = directory[conversation.id]?.members ?? []
        var updated = conversation
        if let known = directory[conversation.id] { updated.lastSeq = max(known.lastSeq, conversation.lastSeq) }
        directory[conversation.id] = updated
        for user in before.subtracting(conversation.members) {
            for id in sessionsByUser[user] ?? [] {
                if let s = sessions[id] { unsubscribe(s, from: conversation.id) }
            }
        }
        for user in conversation.members.subtracting(before) {
            for id in sessionsByUser[user] ?? [] {
                if let s = sessions[id], s.wildcard, s.subscriptions[conversation.id] == nil {
                    addSubscription(s, conversation: conversation.id, topics: nil, since: nil)
                }
            }
        }
    }

    // MARK: Commits and fan-out

    func committed(_ outcomes: [CommittedMessage], rejected: [RejectedMessage]) {
        for r in rejected {
            if let waiter = waiters.removeValue(forKey: r.token) {
                waiter(.failure(ProtocolError(r.code, r.reason, requestID: r.clientID)))
            } else if let s = sessions[r.token] {
                send(ProtocolError(r.code, r.reason, requestID: r.clientID), to: s)
            }
        }
        var touched: Set<String> = []
        for o in outcomes {
            let m = o.message
            if let waiter = waiters.removeValue(forKey: o.token) {
                waiter(.success(m))
            } else if let s = sessions[o.token] {
                send(ServerFrames.ack(clientID: m.clientID, conversation: m.conversation, seq: m.seq, at: m.at), to: s)
            }
            if o.duplicate { continue }
            if !o.erased.isEmpty { for text in o.erased { localizer.forget(text) } }
            if let known = directory[m.conversation]?.lastSeq, known < m.seq { directory[m.conversation]?.lastSeq = m.seq }
            let delivery = PendingDelivery(message: m, origin: o.token, conversationTenant: directory[m.conversation]?.tenant)
            lane(for: m.conversation).append(delivery)
            prepare(delivery)
            touched.insert(m.conversation)
        }
        for conversation in touched { drainLane(conversation) }
    }

    /// Starts the renderings a delivery needs: one per distinct language among this shard's
    /// subscribers. The board translates each language once for all shards.
    private func prepare(_ delivery: PendingDelivery) {
        let m = delivery.message
        var targets: Set<Language> = []
        for subscription in subscribers[m.conversation] ?? [] {
            if let language = subscription.session.renderingLanguage(for: m) { targets.insert(language) }
        }
        if targets.isEmpty {
            group.renderings.request(m, languages: [], tenant: nil, completion: nil)
            delivery.ready = true
            return
        }
        let (conversation, seq, mailbox) = (m.conversation, m.seq, self.mailbox!)
        let tenant = directory[m.conversation].flatMap(AccessPolicy.memoryTenant)
        group.renderings.request(m, languages: targets, tenant: tenant) { renderings in
            mailbox.post { core in
                guard let d = core.lanes[conversation]?.find(seq: seq) else { return }
                d.renderings = renderings
                d.ready = true
                core.drainLane(conversation)
            }
        }
    }

    func drainLane(_ conversation: String) {
        guard let lane = lanes[conversation] else { return }
        for delivery in lane.takeReady() {
            fanOut(delivery)
            lane.lastFanned = max(lane.lastFanned, delivery.message.seq)
            catchUps.fannedOut(delivery.message)
        }
    }

    private func fanOut(_ delivery: PendingDelivery) {
        let m = delivery.message
        guard let list = subscribers[m.conversation] else { return }
        var delivered: Int64 = 0
        // The sender's other sessions (usually none or one) get the frame with the client id.
        let senderSessions = sessionsByUser[m.sender] ?? []
        // Most recipients share a language: remember the last frame instead of hashing per recipient.
        var lastLanguage: Language?? = .none
        var lastFrame: OutboundFrame?
        for subscription in list {
            let session = subscription.session
            switch subscription.cursor.offer(m.seq) {
            case .skip:
                continue
            case .catchUp(let from):
                startCatchUp(session, conversation: m.conversation, from: from)
            case .deliver:
                if session.id == delivery.origin { continue }
                if let topics = subscription.topics, !topics.contains(m.topic ?? "") { continue }
                let language = session.renderingLanguage(for: m)
                if !senderSessions.isEmpty && senderSessions.contains(session.id) {
                    enqueue(delivery.frame(for: language, forSender: true), to: session)
                    delivered += 1
                    continue
                }
                if lastFrame == nil || lastLanguage != .some(language) {
                    lastFrame = delivery.frame(for: language, forSender: false)
                    lastLanguage = .some(language)
                }
                enqueue(lastFrame!, to: session)
                delivered += 1
            }
        }
        metrics.deliveries.increment(by: delivered)
    }
}
