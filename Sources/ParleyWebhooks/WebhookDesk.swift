import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyStore
import Synchronization

/// Webhooks: events of a tenant's conversations leave, signed by the Standard Webhooks
/// specification, for the endpoints its admins registered. Events become rows of an outbox in the
/// store (one per event and endpoint); delivery passes claim due rows, post them, and record each
/// attempt for the delivery log. Nothing here runs on the hub's threads: a commit is only handed
/// to the desk's own task. docs/protocol.md, "Webhooks".
///
/// A `Feature` with HTTP routes only (`/api/v1/webhooks…`, admins of the tenant).
public final class WebhookDesk: Feature, CommitObserver {
    /// What the desk works with once the daemon's store and hub exist.
    public struct Services: Sendable {
        public var store: any Store & WebhookStoring
        public var hub: Hub
        public init(store: any Store & WebhookStoring, hub: Hub) {
            self.store = store
            self.hub = hub
        }
    }

    let configuration: WebhookConfiguration
    let policy: AddressPolicy
    let schedule: RetrySchedule
    let logger: Logger
    let sender: WebhookSender
    private let services = Mutex<Services?>(nil)
    /// Enabled endpoints by tenant, read again from the store by every pass (other nodes' changes).
    private let routing = Mutex<[String: [WebhookEndpoint]]>([:])
    /// Whether any endpoint wants `message.created`: when none does, a commit costs one atomic load.
    private let wantsMessages = Atomic<Bool>(false)
    /// Committed messages waiting for the intake task, and its wake-up.
    private let intake = Mutex<[ChatMessage]>([])
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    /// Conversations' tenants, as the intake task has read them.
    private let tenants = Mutex<[String: String]>([:])
    /// The most messages waiting for the intake task; more are dropped with a warning (a stalled store).
    static let intakeLimit = 100_000

    public init(configuration: WebhookConfiguration = WebhookConfiguration(), logger: Logger) throws(WebhookError) {
        self.configuration = configuration
        policy = try AddressPolicy(allowing: configuration.allowHosts)
        schedule = RetrySchedule(delays: configuration.retrySchedule)
        self.logger = logger
        sender = WebhookSender(policy: policy, timeout: configuration.requestTimeout)
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    var now: Int64 { configuration.now() }

    /// Binds the desk to the daemon's store and hub, and starts the intake and the delivery passes.
    public func attach(_ services: Services) async {
        self.services.withLock { $0 = services }
        await reloadEndpoints()
        startIntake()
        startPasses()
    }

    public func stop() async { await detach() }

    public func detach() async {
        services.withLock { $0 = nil }
        wake.finish()
        await sender.shutdown()
    }

    var attached: Services? { services.withLock { $0 } }

    // MARK: Feature

    public var frameTypes: Set<String> { [] }
    public var routes: [FeatureRoute] { Self.allRoutes }

    public func handle(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String], identity: Identity) async -> HTTPResponse {
        guard let services = attached else { return .error(503, .unavailable, "webhooks are not running (the daemon is stopping)") }
        do throws(ProtocolError) {
            guard identity.isAdmin else { throw ProtocolError(.forbidden, "webhooks are managed by the tenant's admins (an admin token)") }
            return try await answer(request, route: route, parameters: parameters, identity: identity, services)
        } catch {
            return .error(error.code.httpStatus, error.code, error.message)
        }
    }

    public func handle(_ frame: FeatureFrame, from identity: Identity, reply: ExtensionReplier) async {
        reply(ServerFrames.error(ProtocolError(.unknownType, "webhooks have no frames; use /api/v1/webhooks", requestID: frame.requestID)))
    }

    // MARK: Endpoints in memory

    /// Reads the enabled endpoints again (this node's and other nodes' changes).
    func reloadEndpoints() async {
        guard let services = attached else { return }
        do {
            let endpoints = try await services.store.enabledWebhooks()
            let byTenant = Dictionary(grouping: endpoints, by: \.tenant)
            routing.withLock { $0 = byTenant }
            wantsMessages.store(endpoints.contains { $0.events.contains(WebhookEventType.messageCreated.rawValue) }, ordering: .relaxed)
        } catch {
            logger.warning("webhook endpoints not read", metadata: ["store.error": "\(error)"])
        }
    }

    func endpoints(of tenant: String, for type: WebhookEventType) -> [WebhookEndpoint] {
        routing.withLock { $0[tenant] ?? [] }.filter { $0.events.contains(type.rawValue) }
    }

    // MARK: Intake of committed messages

    /// Called by the store's writer after each commit: hands the new messages to the intake task.
    public func committed(_ outcomes: [CommittedMessage]) {
        guard wantsMessages.load(ordering: .relaxed) else { return }
        let fresh = outcomes.lazy.filter { !$0.duplicate }.map(\.message)
        guard !fresh.isEmpty else { return }
        let dropped = intake.withLock { waiting -> Int in
            let room = max(0, Self.intakeLimit - waiting.count)
            waiting.append(contentsOf: fresh.prefix(room))
            return max(0, fresh.count - room)
        }
        if dropped > 0 { logger.error("webhook intake full; message.created events dropped", metadata: ["webhook.dropped": "\(dropped)"]) }
        wake.yield()
    }

    private func startIntake() {
        Task { [weak self, wakes] in
            for await _ in wakes {
                guard let self else { return }
                let messages = self.intake.withLock { waiting in defer { waiting = [] }; return waiting }
                await self.publish(messages)
            }
        }
    }

    /// The tenant that owns `conversation` (cached; a conversation never changes tenant).
    func tenant(of conversation: String, _ services: Services) async -> String? {
        if let known = tenants.withLock({ $0[conversation] }) { return known }
        guard let found = try? await services.store.conversation(conversation) else { return nil }
        tenants.withLock { $0[conversation] = found.tenant }
        return found.tenant
    }
}
