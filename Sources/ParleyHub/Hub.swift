import Logging
import ParleyDomain

/// Parley's real-time hub: WebSocket sessions, subscriptions and fan-out on libwebsockets.
///
/// Start it with the conversations it serves; the daemon feeds it store commits (`committed`)
/// and directory changes (`conversationChanged`). All methods are safe from any thread.
public final class Hub: Sendable {
    private let core: HubCore
    private let server: WebSocketServer
    private let mailbox: Mailbox

    public init(configuration: HubConfiguration, backend: any HubBackend, localizer: any MessageLocalizing, logger: Logger) {
        core = HubCore(configuration: configuration, backend: backend, localizer: localizer, logger: logger)
        server = WebSocketServer(core: core, logger: logger)
        let server = self.server
        mailbox = Mailbox(wake: { server.wake() })
        core.mailbox = mailbox
    }

    /// Loads the directory, binds the port and starts serving.
    public func start() async throws {
        let conversations = try await core.backend.allConversations()
        for c in conversations { core.directory[c.id] = c }
        try server.start(core.configuration)
    }

    /// The port the hub listens on (useful with port 0).
    public var port: Int { server.port }

    /// Stops accepting connections, flushes queued frames, closes sessions with 1001 and
    /// returns when the service thread has ended.
    public func stop() async {
        // The stop deadline is checked when the service thread wakes; make sure it wakes even when
        // no connection has anything to say.
        let ticker = Task.detached { [server] in
            while !Task.isCancelled {
                server.wake()
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            mailbox.post { core in core.beginStop { continuation.resume() } }
        }
        ticker.cancel()
        server.wake()
        await Task.detached { [server] in server.waitUntilStopped() }.value
    }

    /// Store commits, in commit order (called by the group-commit writer's thread).
    public func committed(_ outcomes: [CommittedMessage], rejected: [RejectedMessage]) {
        mailbox.post { core in core.committed(outcomes, rejected: rejected) }
    }

    /// A conversation was created or its members changed.
    public func conversationChanged(_ conversation: Conversation) {
        mailbox.post { core in core.conversationChanged(conversation) }
    }

    /// Stores a message on behalf of a bot or a feature (minutes) and delivers it like any other.
    public func post(_ message: OutgoingMessage) async -> Result<ChatMessage, ProtocolError> {
        await withCheckedContinuation { continuation in
            mailbox.post { core in
                let token = (UInt64(1) << 63) | core.allocateID()
                core.waiters[token] = { continuation.resume(returning: $0) }
                core.backend.append(message, token: token)
            }
        }
    }

    /// Sends a frame to every open session of a user (meeting minutes to attendees).
    /// Returns through `completion` how many sessions it reached.
    public func push(_ payload: [UInt8], to user: UserRef, completion: (@Sendable (Int) -> Void)? = nil) {
        mailbox.post { core in
            var reached = 0
            for id in core.sessionsByUser[user] ?? [] {
                if let s = core.sessions[id] { core.send(payload, to: s); reached += 1 }
            }
            completion?(reached)
        }
    }
}
