import Foundation
import Logging
import Metrics
import ParleyDomain

/// One shard's state: its sessions and their subscriptions, and its copy of the conversation
/// directory and delivery lanes (every shard sees every commit; see `ShardGroup`).
///
/// `@unchecked Sendable`: every stored property is read and written on the shard's
/// libwebsockets service thread only (callbacks and mailbox jobs). Other threads reach it solely
/// through `mailbox.post`, whose jobs run on that thread; `finished` and `acceptsConnections`
/// are flags set on that thread and only read elsewhere for shutdown polling.
final class HubCore: @unchecked Sendable {
    let configuration: HubConfiguration
    let group: ShardGroup
    /// This shard's index in the group.
    let shard: Int
    let backend: any HubBackend
    let localizer: any MessageLocalizing
    let logger: Logger
    let parser: ClientFrameParser
    var mailbox: Mailbox!

    var sessions: [UInt64: Session] = [:]
    /// Subscriptions to each conversation; `Subscription.slot` indexes this array.
    var subscribers: [String: [Subscription]] = [:]
    /// Sessions per user, for wildcard subscriptions and membership changes.
    var sessionsByUser: [UserRef: [UInt64]] = [:]
    var directory: [String: Conversation] = [:]
    var lanes: [String: DeliveryLane] = [:]
    var http: [UInt64: HTTPExchange] = [:]
    /// Request-body bytes held by `http` (bounded by `maxBufferedBodyBytes`).
    var bufferedBodyBytes = 0
    var waiters: [UInt64: @Sendable (Result<ChatMessage, ProtocolError>) -> Void] = [:]
    /// Messages sent during the current service pass, handed to the store together at its end.
    var appends: [(OutgoingMessage, token: UInt64)] = []
    /// Subscriptions that missed messages during this pass, served at its end (`fillGaps`).
    var gaps: [Gap] = []
    /// Catch-up reads shared by this shard's sessions (a reconnect storm asks for the same messages).
    let catchUps = SharedCatchUps(limit: HubCore.catchUpPage)
    var nextID: UInt64 = 1
    var acceptsConnections = true
    var finished = false
    var stopDeadline: Double?
    var onStopped: (@Sendable () -> Void)?
    /// The keepalive sweep's period (0: off) and next due time (see HubCore+Keepalive.swift).
    var keepalive: (period: Double, next: Double) = (0, 0)

    /// Sessions whose queue went from empty to not empty during this pass (see `flushWrites`).
    private var unflushed: [Session] = []
    private var flushing: [Session] = []
    /// Scratch buffer for coalesced writes, reused by every session.
    var writeBuffer: [UInt8] = []
    static let maxWriteBytes = 256 * 1024

    let metrics: HubMetrics

    init(configuration: HubConfiguration, backend: any HubBackend, localizer: any MessageLocalizing, logger: Logger,
         group: ShardGroup, shard: Int) {
        self.configuration = configuration
        self.group = group
        self.shard = shard
        self.metrics = group.metrics
        self.backend = backend
        self.localizer = localizer
        self.logger = logger
        self.parser = ClientFrameParser(maxTextBytes: configuration.maxTextBytes, featureTypes: configuration.featureFrameTypes)
        self.keepalive = (Self.keepaliveSweepSeconds(configuration) ?? 0, 0)
    }

    static func now() -> Double { Date().timeIntervalSince1970 }

    /// Session and request ids are unique across shards: commits carry them back to every shard.
    func allocateID() -> UInt64 {
        defer { nextID += 1 }
        return nextID * UInt64(group.count) + UInt64(shard)
    }

    // MARK: Connection lifecycle (called from the lws callback)

    func opened(_ connection: Connection, token: String?) -> UInt64 {
        let id = allocateID()
        let now = Self.now()
        let session = Session(id: id, connection: connection,
                              limiter: RateLimiter(rate: configuration.messagesPerSecond, burst: configuration.messagesBurst, now: now),
                              now: now)
        sessions[id] = session
        if metrics.connections.increment() > configuration.maxConnections {
            close(session, .rateLimited, "too many connections")
            return id
        }
        if let token { authenticate(session, token: token, requestID: nil) } else { expectHello(id) }
        return id
    }

    /// Closes a connection that has not said `hello` within the hello timeout (4001).
    private func expectHello(_ id: UInt64) {
        let seconds = configuration.helloTimeout
        guard seconds > 0 else { return }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            self.mailbox.post { core in
                guard let s = core.sessions[id], s.identity == nil, !s.authenticating else { return }
                core.send(ProtocolError(.unauthorized, "no hello with a token within \(seconds) s"), to: s)
                core.close(s, .unauthorized, "no hello in time")
            }
        }
    }

    /// Whether a WebSocket upgrade's `Origin` may open a session (HubConfiguration.allowedOrigin).
    func acceptsOrigin(_ origin: String?) -> Bool {
        guard let allowed = configuration.allowedOrigin, let origin else { return true }
        if origin == allowed { return true }
        metrics.foreignOrigins.increment()
        logger.notice("WebSocket upgrade refused: foreign origin", metadata: ["hub.origin": "\(origin.prefix(100))"])
        return false
    }

    func closed(_ id: UInt64) {
        guard let session = sessions.removeValue(forKey: id) else { return }
        session.open = false
        metrics.connections.decrement()
        for conversation in Array(session.subscriptions.keys) { unsubscribe(session, from: conversation) }
        if let user = session.identity?.user {
            sessionsByUser[user]?.removeAll { $0 == id }
            if sessionsByUser[user]?.isEmpty == true { sessionsByUser[user] = nil }
        }
        session.outbound.removeAll()
        checkStopped()
    }

    /// A piece of an inbound WebSocket message. Returns false to close the connection.
    func received(_ id: UInt64, bytes: UnsafeRawBufferPointer, final: Bool, binary: Bool) -> Bool {
        guard let session = sessions[id] else { return false }
        let now = Self.now()
        session.heard(at: now)
        if session.closing != nil { return true }
        if binary {
            session.connection.setCloseReason(.unsupportedData, "binary frames are not supported; send JSON text frames")
            return false
        }
        if session.inbound.count + bytes.count > configuration.maxFrameBytes {
            session.connection.setCloseReason(.messageTooBig, "frame over \(configuration.maxFrameBytes) bytes")
            metrics.framesRejected.increment()
            return false
        }
        session.inbound.append(contentsOf: bytes)
        guard final else { return true }
        let frame = session.inbound
        session.inbound = []
        metrics.framesIn.increment()
        if !session.limiter.allow(now: now) {
            // A client that keeps pushing far past its limit is cut off (after its errors are flushed).
            if session.limiter.strikes > max(50, 4 * Int(configuration.messagesBurst)) {
                close(session, .rateLimited, "rate limit exceeded repeatedly")
                return true
            }
            send(ProtocolError(.rateLimited, "more than \(Int(configuration.messagesPerSecond)) frames per second; frame dropped"), to: session)
            return true
        }
        handle(frame: frame, from: session)
        return true
    }

    /// The writeable callback: the rest of a queue a flush could not send at once, or a close.
    /// Returns false to close the connection.
    func writable(_ id: UInt64) -> Bool {
        guard let session = sessions[id] else { return false }
        // lws never starts the callback with a partial write pending (lws_partial_buffered).
        if session.pingDue {
            session.pingDue = false
            if !session.connection.writePing() { return false }
            // One write per callback: the queue goes in the next one.
            if !session.outbound.isEmpty || session.closing != nil { session.connection.requestWritable() }
            return true
        }
        if !session.outbound.isEmpty {
            if !write(session) { return false }
            if !session.outbound.isEmpty { session.connection.requestWritable(); return true }
        }
        if let code = session.closing {
            session.connection.setCloseReason(code, session.closeDetail)
            return false
        }
        return true
    }

    /// Writes what the sessions queued during this pass, straight from the service thread: one
    /// send per session, with no round trip through the event loop for write readiness. Only a
    /// session lws still holds unsent bytes for, one with more than a write's worth queued, or
    /// one closing waits for its writeable callback.
    func flushWrites() {
        guard !unflushed.isEmpty else { return }
        swap(&unflushed, &flushing)
        for session in flushing where session.open && !session.outbound.isEmpty {
            if session.closing != nil || session.connection.hasUnsentBytes {
                session.connection.requestWritable()
            } else if !write(session) {
                session.connection.closeSoon()
            } else if !session.outbound.isEmpty {
                session.connection.requestWritable()
            }
        }
        flushing.removeAll(keepingCapacity: true)
    }

    /// Writes up to `maxWriteBytes` of a session's queue in one call. Returns false when the
    /// connection failed.
    private func write(_ session: Session) -> Bool {
        let pre = Connection.pre
        var total = 0
        var taken = 0
        for frame in session.outbound {
            if taken > 0 && total + frame.count > Self.maxWriteBytes { break }
            total += frame.count
            taken += 1
        }
        if writeBuffer.count < pre + total { writeBuffer = [UInt8](repeating: 0, count: max(pre + total, 64 * 1024)) }
        let ok = writeBuffer.withUnsafeMutableBufferPointer { buffer -> Bool in
            var offset = pre
            for frame in session.outbound.prefix(taken) {
                frame.bytes.withUnsafeBufferPointer { src in
                    (buffer.baseAddress! + offset).update(from: src.baseAddress!, count: src.count)
                }
                offset += frame.count
            }
            return session.connection.writeRaw(buffer.baseAddress!, count: total)
        }
        if !ok { return false }
        session.outbound.removeFirst(taken)
        session.outboundBytes -= total
        metrics.framesOut.increment(by: Int64(taken))
        metrics.writes.increment()
        return true
    }

    // MARK: Sending to sessions

    func enqueue(_ frame: OutboundFrame, to session: Session) {
        guard session.closing == nil else { return }
        if session.outboundBytes + frame.count > configuration.outboundQueueBytes {
            metrics.slowConsumers.increment()
            logger.info("hub.session cut off: slow consumer", metadata: ["hub.session.id": "\(session.id)",
                                                                          "hub.session.queued": "\(session.outboundBytes)"])
            session.outbound.removeAll()
            session.outboundBytes = 0
            close(session, .slowConsumer, "slow consumer: outbound queue over \(configuration.outboundQueueBytes) bytes")
            return
        }
        let wasEmpty = session.outbound.isEmpty
        session.outbound.append(frame)
        session.outboundBytes += frame.count
        if wasEmpty { unflushed.append(session) }
    }

    func send(_ payload: [UInt8], to session: Session) {
        enqueue(OutboundFrame(payload: payload), to: session)
    }

    func send(_ error: ProtocolError, to session: Session) {
        metrics.errors.increment()
        send(ServerFrames.error(error), to: session)
    }

    /// Closes after what is queued has been written; a peer that never reads is dropped anyway.
    func close(_ session: Session, _ code: CloseCode, _ reason: String) {
        guard session.closing == nil else { return }
        session.closing = code
        session.closeDetail = reason
        session.connection.requestWritable()
        session.connection.killSoon(seconds: code == .goingAway ? 3 : 2)
    }

    /// Called after every pass of the shard's event loop (one wait and the callbacks it caused):
    /// the pass's messages go to the store together, then its frames to the sockets.
    func endOfPass() {
        if !appends.isEmpty {
            backend.append(appends)
            appends.removeAll(keepingCapacity: true)
        }
        fillGaps()
        flushWrites()
        if keepalive.period > 0 {
            let now = Self.now()
            if now >= keepalive.next { sweepKeepalive(now: now) }
        }
    }

    // MARK: Mailbox and shutdown

    func drainMailbox() {
        for job in mailbox.drain() { job(self) }
        if let deadline = stopDeadline, Self.now() > deadline { finishStop() }
    }

    /// Stops accepting, closes every session with 1001 after flushing, then ends the service loop.
    func beginStop(onStopped: @escaping @Sendable () -> Void) {
        acceptsConnections = false
        self.onStopped = onStopped
        stopDeadline = Self.now() + 3
        // Close frames are queued behind pending frames; peers that never let us write are dropped
        // when the deadline passes (lws_context_destroy closes whatever is left).
        for session in sessions.values where session.closing == nil {
            session.closing = .goingAway
            session.closeDetail = "server shutting down"
            session.connection.requestWritable()
        }
        checkStopped()
    }

    func checkStopped() {
        if stopDeadline != nil && sessions.isEmpty && http.isEmpty { finishStop() }
    }

    private func finishStop() {
        guard !finished else { return }
        finished = true
        onStopped?()
    }
}
