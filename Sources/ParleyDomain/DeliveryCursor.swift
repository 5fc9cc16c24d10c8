/// Where one subscription stands in its conversation: the state machine that makes delivery
/// gap-free and duplicate-free whether messages come live or from the store.
///
/// Live messages arrive in sequence order. When one arrives ahead of the cursor the subscriber
/// missed something (it resumed, or was cut off) and must catch up from the store; while it does,
/// live messages are ignored and the store read covers them.
public struct DeliveryCursor: Sendable, Equatable {
    /// The next sequence number this subscriber should see.
    public private(set) var next: Int64
    /// True while a store read is filling a gap.
    public private(set) var catchingUp: Bool

    public enum Decision: Sendable, Equatable {
        /// Deliver it; the cursor moved past it.
        case deliver
        /// Seen already, or covered by a catch-up in flight.
        case skip
        /// Messages are missing before it: start a catch-up from `from`.
        case catchUp(from: Int64)
    }

    /// - Parameter lastSeen: the last sequence number the subscriber has (0: none).
    public init(lastSeen: Int64, catchingUp: Bool = false) {
        self.next = lastSeen + 1
        self.catchingUp = catchingUp
    }

    /// Offers a live message.
    public mutating func offer(_ seq: Int64) -> Decision {
        if catchingUp || seq < next { return .skip }
        if seq == next { next += 1; return .deliver }
        catchingUp = true
        return .catchUp(from: next)
    }

    /// Offers a message read from the store during a catch-up.
    public mutating func offerStored(_ seq: Int64) -> Bool {
        guard seq >= next else { return false }
        next = seq + 1
        return true
    }

    /// A catch-up read covered everything up to `seq` (messages of other topics included).
    public mutating func covered(upTo seq: Int64) {
        next = max(next, seq + 1)
    }

    /// A catch-up read returned. If the conversation has moved past what was read
    /// (`newest` > what the cursor reached), another read is needed: returns its start.
    public mutating func finishCatchUp(newest: Int64) -> Int64? {
        if newest >= next { return next }
        catchingUp = false
        return nil
    }

    /// Starts a catch-up explicitly (a subscription with `since`).
    public mutating func beginCatchUp() { catchingUp = true }
}
