import ParleyDomain

/// A committed message on its way to subscribers: waits for its renderings, then fans out.
final class PendingDelivery {
    let message: ChatMessage
    /// The session that sent it (it has the ack; its other sessions get the message).
    let origin: UInt64
    /// The conversation's tenant (senders of that tenant are sent without it).
    let conversationTenant: String?
    var renderings: [Language: LocalizedText] = [:]
    var ready = false
    /// Frame bytes per rendering language (nil: the original) and reader (the sender's own other
    /// sessions get the client id), built on first use.
    private var frames: [FrameKey: OutboundFrame] = [:]

    private struct FrameKey: Hashable {
        let language: Language?
        let forSender: Bool
    }

    init(message: ChatMessage, origin: UInt64, conversationTenant: String?) {
        self.message = message
        self.origin = origin
        self.conversationTenant = conversationTenant
    }

    func frame(for language: Language?, forSender: Bool) -> OutboundFrame {
        let key = FrameKey(language: language.flatMap { renderings[$0] == nil ? nil : $0 }, forSender: forSender)
        if let frame = frames[key] { return frame }
        let frame = OutboundFrame(payload: ServerFrames.message(message, rendering: key.language.flatMap { renderings[$0] },
                                                                forSender: forSender, conversationTenant: conversationTenant))
        frames[key] = frame
        return frame
    }
}

/// One conversation's committed messages in sequence order. Renderings may finish out of
/// order (translation runs concurrently); fan-out takes them from the head only, so every
/// subscriber sees the conversation in sequence order.
final class DeliveryLane {
    private(set) var pending: [PendingDelivery] = []
    private var head = 0
    /// The newest sequence number fanned out (or the store's newest when the hub started).
    var lastFanned: Int64

    init(lastFanned: Int64) { self.lastFanned = lastFanned }

    func append(_ delivery: PendingDelivery) { pending.append(delivery) }

    func find(seq: Int64) -> PendingDelivery? {
        pending[head...].first { $0.message.seq == seq }
    }

    /// Removes and returns the ready deliveries at the head, in order.
    func takeReady() -> [PendingDelivery] {
        var taken: [PendingDelivery] = []
        while head < pending.count, pending[head].ready {
            taken.append(pending[head])
            head += 1
        }
        if head > 64 && head * 2 > pending.count {
            pending.removeFirst(head)
            head = 0
        }
        return taken
    }
}
