import ParleyDomain

/// A committed message on its way to subscribers: waits for its renderings, then fans out.
final class PendingDelivery {
    let message: ChatMessage
    /// The session that sent it (it has the ack; its other sessions get the message).
    let origin: UInt64
    var renderings: [Language: LocalizedText] = [:]
    var ready = false
    /// Frame bytes per rendering language (nil key: the original), built on first use.
    private var frames: [Language?: OutboundFrame] = [:]

    init(message: ChatMessage, origin: UInt64) {
        self.message = message
        self.origin = origin
    }

    func frame(for language: Language?) -> OutboundFrame {
        let key = language.flatMap { renderings[$0] == nil ? nil : $0 }
        if let frame = frames[key] { return frame }
        let frame = OutboundFrame(payload: ServerFrames.message(message, rendering: key.flatMap { renderings[$0] }))
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
