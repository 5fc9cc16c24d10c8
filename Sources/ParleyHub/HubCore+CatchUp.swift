import Foundation
import ParleyDomain

extension HubCore {
    static let catchUpPage = 256

    /// Fills a subscription's gap from `from` on: live messages are held back (the cursor skips
    /// them) until the missed ones are sent. Which read fills it is decided at the end of the
    /// pass, once this pass's fan-out has moved `lastFanned` (see `fillGaps`).
    func startCatchUp(_ session: Session, conversation: String, from: Int64) {
        guard let sub = session.subscriptions[conversation] else { return }
        sub.cursor.beginCatchUp()
        gaps.append(Gap(session: session.id, conversation: conversation, from: from))
    }

    /// Serves the gaps of this pass: from a kept read that covers them, by joining the shared
    /// read in flight, or with a store read (shared when the subscription follows every topic).
    func fillGaps() {
        while !gaps.isEmpty {
            let due = gaps
            gaps.removeAll(keepingCapacity: true)
            for gap in due {
                guard let session = sessions[gap.session], let sub = session.subscriptions[gap.conversation] else { continue }
                if let topics = sub.topics {
                    readCatchUp(gap.session, conversation: gap.conversation, from: gap.from, topics: topics, shared: false)
                    continue
                }
                let newest = lanes[gap.conversation]?.lastFanned ?? 0
                if let read = catchUps.usable(gap.conversation, from: gap.from, newest: newest) {
                    metrics.catchUpsShared.increment()
                    serve(gap.session, conversation: gap.conversation, from: gap.from, read: read, full: false)
                } else if catchUps.join(gap.conversation, session: gap.session, from: gap.from) {
                    metrics.catchUpsShared.increment()
                } else {
                    let shared = catchUps.begin(gap.conversation, from: gap.from)
                    readCatchUp(gap.session, conversation: gap.conversation, from: gap.from, topics: nil, shared: shared)
                }
            }
        }
    }

    /// One store read for `id`; a shared one also serves the sessions that joined it meanwhile.
    private func readCatchUp(_ id: UInt64, conversation: String, from: Int64, topics: Set<String>?, shared: Bool) {
        let backend = self.backend
        metrics.catchUpReads.increment()
        Task {
            do {
                let read = try await backend.catchUp(conversation: conversation, after: from - 1, limit: Self.catchUpPage, topics: topics)
                self.mailbox.post { core in
                    core.landed(id, conversation: conversation, from: from, messages: read.messages, lastSeq: read.lastSeq, shared: shared)
                }
            } catch {
                Self.logInternal(self.logger, kind: "subscribe (catch-up)", session: id, error)
                self.mailbox.post { core in
                    let failed = [id] + (shared ? core.catchUps.land(conversation, read: nil).map(\.session) : [])
                    for id in failed {
                        guard let s = core.sessions[id] else { continue }
                        core.send(ProtocolError(.internalError, "could not read missed messages of \(conversation): \(error)"), to: s)
                        core.close(s, .goingAway, "store read failed; resume later")
                    }
                }
            }
        }
    }

    private func landed(_ id: UInt64, conversation: String, from: Int64, messages: [ChatMessage], lastSeq: Int64, shared: Bool) {
        // A full page does not reach `lastSeq`: it is neither kept nor shared.
        let full = messages.count == Self.catchUpPage
        let read = SharedCatchUps.Read(from: from, messages: messages, lastSeq: lastSeq)
        let waiters = shared ? catchUps.land(conversation, read: full ? nil : read) : []
        serve(id, conversation: conversation, from: from, read: read, full: full)
        for waiter in waiters {
            if full {
                gaps.append(Gap(session: waiter.session, conversation: conversation, from: waiter.from))
            } else {
                serve(waiter.session, conversation: conversation, from: waiter.from, read: read, full: false)
            }
        }
        fillGaps()
    }

    /// Sends a session the messages of `read` from `from` on, in its language.
    private func serve(_ id: UInt64, conversation: String, from: Int64, read: SharedCatchUps.Read, full: Bool) {
        guard let session = sessions[id], session.subscriptions[conversation] != nil else { return }
        let target: Language? = session.translate ? session.language : nil
        let start = read.messages.firstIndex { $0.seq >= from } ?? read.messages.endIndex
        let range = start..<read.messages.endIndex
        if target == nil || read.messages[range].allSatisfy({ $0.language == target }) {
            // Nothing to translate: the frames are the same for every session.
            let frames = range.map { (message: read.messages[$0], frame: read.original(at: $0)) }
            caughtUp(id, conversation: conversation, frames: frames, lastSeq: read.lastSeq, full: full)
            return
        }
        let (messages, lastSeq, localizer) = (Array(read.messages[range]), read.lastSeq, self.localizer)
        let tenant = directory[conversation].flatMap(AccessPolicy.memoryTenant)
        Task {
            let rendered = await Self.render(messages, into: target, tenant: tenant, localizer: localizer)
            let frames = rendered.map { (message: $0.0, frame: OutboundFrame(payload: ServerFrames.message($0.0, rendering: $0.1))) }
            self.mailbox.post { core in core.caughtUp(id, conversation: conversation, frames: frames, lastSeq: lastSeq, full: full) }
        }
    }

    private func caughtUp(_ id: UInt64, conversation: String, frames: [(message: ChatMessage, frame: OutboundFrame)], lastSeq: Int64, full: Bool) {
        guard let session = sessions[id], let subscription = session.subscriptions[conversation] else { return }
        for frame in frames where subscription.cursor.offerStored(frame.message.seq) {
            // This connection sent it and has (or will have) its ack.
            if frame.message.sender == session.identity?.user && session.sentIDs.contains(frame.message.clientID) { continue }
            enqueue(frame.frame, to: session)
        }
        if !full { subscription.cursor.covered(upTo: lastSeq) }
        let newest = max(lanes[conversation]?.lastFanned ?? 0, full ? Int64.max : 0)
        if let next = subscription.cursor.finishCatchUp(newest: newest) {
            startCatchUp(session, conversation: conversation, from: next)
        }
    }
}

/// A subscription that missed messages from `from` on, to be served at the end of the pass.
struct Gap {
    let session: UInt64
    let conversation: String
    let from: Int64
}
