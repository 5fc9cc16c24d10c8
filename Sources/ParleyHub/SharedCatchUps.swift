import ParleyDomain

/// Catch-up reads shared by the sessions of one shard. After a node restarts, thousands of clients
/// resume the same conversation within a second, nearly all from the same sequence number: one
/// store read serves the first of them and every one that asks while it is in flight, and a
/// complete read is kept, extended by what fans out next, for those that come later.
/// Service thread only.
///
/// A kept read may be older than the subscription it serves. The cursor makes that safe, as
/// after any read: the read is only used while it reaches the newest message this shard has fanned
/// out, and `DeliveryCursor.finishCatchUp` asks for another read when the conversation has moved on.
final class SharedCatchUps {
    /// Messages `from`...`lastSeq` of a conversation, every one of them (all topics).
    final class Read {
        private(set) var from: Int64
        private(set) var messages: [ChatMessage]
        private(set) var lastSeq: Int64
        /// Each message's frame in its original language, built on first use (index-aligned).
        private var originals: [OutboundFrame?]

        init(from: Int64, messages: [ChatMessage], lastSeq: Int64) {
            self.from = from
            self.messages = messages
            self.lastSeq = lastSeq
            self.originals = Array(repeating: nil, count: messages.count)
        }

        /// The messages from `seq` on.
        func suffix(from seq: Int64) -> ArraySlice<ChatMessage> {
            let start = messages.firstIndex { $0.seq >= seq } ?? messages.endIndex
            return messages[start...]
        }

        /// The frame of `messages[index]` untranslated, as catch-up sends it (client id and tenant included).
        func original(at index: Int) -> OutboundFrame {
            if let frame = originals[index] { return frame }
            let frame = OutboundFrame(payload: ServerFrames.message(messages[index], rendering: nil))
            originals[index] = frame
            return frame
        }

        /// Appends the next message fanned out (the read may already hold it: the store had
        /// committed it before this shard fanned it out); false when it does not follow on.
        func extend(with message: ChatMessage, keeping limit: Int) -> Bool {
            if message.seq <= lastSeq { return true }
            guard message.seq == lastSeq + 1 else { return false }
            messages.append(message)
            originals.append(nil)
            lastSeq = message.seq
            if messages.count > limit {
                let drop = messages.count - limit
                messages.removeFirst(drop)
                originals.removeFirst(drop)
                from = messages[0].seq
            }
            return true
        }
    }

    /// A session waiting for the read in flight, and where its catch-up starts.
    struct Waiter {
        let session: UInt64
        let from: Int64
    }

    private var reads: [String: Read] = [:]
    private var inFlight: [String: (from: Int64, waiters: [Waiter])] = [:]
    /// How many messages a kept read holds at most (older ones are dropped as new ones fan out).
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// A kept read that covers `from` and everything this shard has fanned out (`newest`).
    func usable(_ conversation: String, from: Int64, newest: Int64) -> Read? {
        guard let read = reads[conversation] else { return nil }
        guard read.lastSeq >= newest else {
            reads[conversation] = nil
            return nil
        }
        return read.from <= from ? read : nil
    }

    /// Waits for the read in flight when it starts at or before `from`; false when there is none.
    func join(_ conversation: String, session: UInt64, from: Int64) -> Bool {
        guard let flight = inFlight[conversation], flight.from <= from else { return false }
        inFlight[conversation]!.waiters.append(Waiter(session: session, from: from))
        return true
    }

    /// Marks a shared read of `conversation` from `from` as started; false when one is in flight already.
    func begin(_ conversation: String, from: Int64) -> Bool {
        guard inFlight[conversation] == nil else { return false }
        inFlight[conversation] = (from, [])
        return true
    }

    /// The shared read landed: keeps it when it is complete, and returns who waited for it.
    func land(_ conversation: String, read: Read?) -> [Waiter] {
        let waiters = inFlight.removeValue(forKey: conversation)?.waiters ?? []
        if let read { reads[conversation] = read }
        return waiters
    }

    /// A message fanned out: a kept read of its conversation grows by it, or goes when stale.
    func fannedOut(_ message: ChatMessage) {
        guard let read = reads[message.conversation] else { return }
        if !read.extend(with: message, keeping: limit) { reads[message.conversation] = nil }
    }
}
