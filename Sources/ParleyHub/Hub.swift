import Foundation
import Logging
import ParleyDomain

/// Parley's real-time hub: WebSocket sessions, subscriptions and fan-out on libwebsockets.
///
/// The hub runs one shard per service thread (`HubConfiguration.serviceThreads`, by default one
/// per core). A listener thread accepts connections and deals them to the shards in turn; each
/// shard owns its connections. Start it with the conversations it serves; the daemon feeds it
/// store commits (`committed`) and directory changes (`conversationChanged`), which go to every
/// shard. All methods are safe from any thread.
public final class Hub: Sendable {
    private struct Shard {
        let core: HubCore
        let server: WebSocketServer
        let mailbox: Mailbox
    }

    private let shards: [Shard]
    private let group: ShardGroup
    private let listener: Listener
    private let configuration: HubConfiguration
    private let backend: any HubBackend

    public init(configuration: HubConfiguration, backend: any HubBackend, localizer: any MessageLocalizing, logger: Logger) {
        let count = configuration.serviceThreads > 0 ? configuration.serviceThreads : ProcessInfo.processInfo.activeProcessorCount
        let group = ShardGroup(count: max(1, count), localizer: localizer)
        shards = (0..<group.count).map { index in
            let core = HubCore(configuration: configuration, backend: backend, localizer: localizer, logger: logger, group: group, shard: index)
            let server = WebSocketServer(core: core, logger: logger)
            let mailbox = Mailbox(wake: { server.wake() })
            core.mailbox = mailbox
            group.add(mailbox)
            return Shard(core: core, server: server, mailbox: mailbox)
        }
        self.group = group
        self.listener = Listener(logger: logger)
        self.configuration = configuration
        self.backend = backend
    }

    /// Loads the directory, binds the port and starts serving. Returns the directory it loaded
    /// (a cluster node delivers other nodes' commits from there on).
    @discardableResult
    public func start() async throws -> [Conversation] {
        let conversations = try await backend.allConversations()
        try listener.bind(host: configuration.host, port: configuration.port)
        for shard in shards {
            // Before the service thread starts, so no other thread touches the core yet.
            for c in conversations { shard.core.directory[c.id] = c }
            try shard.server.start(configuration)
        }
        let servers = shards.map(\.server)
        listener.start { socket, number in servers[number % servers.count].adopt(socket) }
        return conversations
    }

    /// The port the hub listens on (useful with port 0).
    public var port: Int { listener.port }

    /// How many shards (service threads) serve connections.
    public var shardCount: Int { shards.count }

    /// Stops accepting connections, flushes queued frames, closes sessions with 1001 and
    /// returns when every service thread has ended.
    public func stop() async {
        listener.stop()
        let servers = shards.map(\.server)
        // The stop deadline is checked when a service thread wakes; make sure each wakes even
        // when no connection has anything to say.
        let ticker = Task.detached {
            while !Task.isCancelled {
                for server in servers { server.wake() }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        await withTaskGroup(of: Void.self) { tasks in
            for shard in shards {
                tasks.addTask {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        shard.mailbox.post { core in core.beginStop { continuation.resume() } }
                    }
                }
            }
        }
        ticker.cancel()
        for server in servers { server.wake() }
        await Task.detached { for server in servers { server.waitUntilStopped() } }.value
    }

    /// Store commits, in commit order (called by the group-commit writer's thread).
    public func committed(_ outcomes: [CommittedMessage], rejected: [RejectedMessage]) {
        group.metrics.messagesStored.increment(by: Int64(outcomes.count { !$0.duplicate }))
        group.broadcast { core in core.committed(outcomes, rejected: rejected) }
    }

    /// Messages another node committed (cluster mode), read from the store, in sequence order per
    /// conversation. They fan out like local commits; no session here waits for their ack.
    public func remoteCommitted(_ messages: [ChatMessage]) {
        guard !messages.isEmpty else { return }
        let outcomes = messages.map { CommittedMessage(message: $0, duplicate: false, token: 0) }
        group.broadcast { core in core.committed(outcomes, rejected: []) }
    }

    /// A conversation was created or its members changed.
    public func conversationChanged(_ conversation: Conversation) {
        group.broadcast { core in core.conversationChanged(conversation) }
    }

    /// Stores a message on behalf of a bot or a feature (minutes) and delivers it like any other.
    public func post(_ message: OutgoingMessage) async -> Result<ChatMessage, ProtocolError> {
        await withCheckedContinuation { continuation in
            shards[0].mailbox.post { core in
                let token = (UInt64(1) << 63) | core.allocateID()
                core.waiters[token] = { continuation.resume(returning: $0) }
                core.backend.append([(message, token)])
            }
        }
    }

    /// The shards that hold a session of `user`, in shard order (operators and tests see how
    /// connections are dealt).
    public func shards(of user: UserRef) async -> [Int] {
        await withCheckedContinuation { continuation in
            let found = ShardCollection(shards: shards.count) { continuation.resume(returning: $0) }
            group.broadcast { core in found.add(core.shard, holds: !(core.sessionsByUser[user] ?? []).isEmpty) }
        }
    }

    /// Closes every open session of `user` on this node with 4001 and `reason` (a deactivated
    /// user). Returns through `completion` how many sessions it closed.
    public func disconnect(_ user: UserRef, reason: String, completion: (@Sendable (Int) -> Void)? = nil) {
        let tally = ShardTally(shards: shards.count) { completion?($0) }
        group.broadcast { core in
            var closed = 0
            for id in core.sessionsByUser[user] ?? [] {
                if let s = core.sessions[id] {
                    core.send(ProtocolError(.unauthorized, reason), to: s)
                    core.close(s, .unauthorized, reason)
                    closed += 1
                }
            }
            tally.add(closed)
        }
    }

    /// Sends a frame to every open session of a user (meeting minutes to attendees), whichever
    /// shard holds it. Returns through `completion` how many sessions it reached.
    public func push(_ payload: [UInt8], to user: UserRef, completion: (@Sendable (Int) -> Void)? = nil) {
        let tally = ShardTally(shards: shards.count) { completion?($0) }
        group.broadcast { core in
            var reached = 0
            for id in core.sessionsByUser[user] ?? [] {
                if let s = core.sessions[id] { core.send(payload, to: s); reached += 1 }
            }
            tally.add(reached)
        }
    }
}

