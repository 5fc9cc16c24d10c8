import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyMeetings
import ParleyStore
import ServiceLifecycle

/// parleyd assembled: store, group-commit writer, hub, translation and meetings.
///
/// `start()` opens everything and binds the port; `stop()` stops accepting, flushes,
/// closes sessions with 1001 and closes the database. `run()` does both around a
/// service lifecycle (SIGTERM / SIGINT).
public final class ParleyDaemon: Service, Sendable {
    public let configuration: DaemonConfiguration
    let logger: Logger
    let store: Store
    let backend: StoreBackend
    let hub: Hub
    let hubReference: HubReference
    public let tokens: TokenAuthority

    init(configuration: DaemonConfiguration, logger: Logger,
                localizer: (any MessageLocalizing)? = nil, meetings: MeetingDesk? = nil) async throws {
        self.configuration = configuration
        self.logger = logger
        MetricsBootstrap.once()
        let secret = try SigningSecret.load(dataDirectory: configuration.dataDirectory, create: true)
        tokens = await TokenAuthority(secret: secret)
        store = try Store(StoreConfiguration(path: configuration.databasePath, durability: configuration.durability), logger: logger)
        hubReference = HubReference()
        backend = StoreBackend(store: store, tokens: tokens, hub: hubReference, extensions: ExtensionRouter(meetings: meetings),
                               maxTextBytes: configuration.hub.maxTextBytes, logger: logger)
        hub = Hub(configuration: configuration.hub, backend: backend, localizer: localizer ?? OriginalTextLocalizer(), logger: logger)
        hubReference.set(hub)
    }

    /// Binds the port and starts serving.
    public func start() async throws {
        try await hub.start()
        logger.notice("parleyd listening", metadata: ["hub.host": "\(configuration.hub.host)", "hub.port": "\(hub.port)", "hub.shards": "\(hub.shardCount)",
                                                     "store.path": "\(configuration.databasePath)",
                                                     "store.durability": "\((try? store.durabilityInEffect())?.rawValue ?? "unknown")"])
    }

    /// The bound port.
    public var port: Int { hub.port }

    /// The hub, for features that deliver (meetings).
    public var deliveryHub: Hub { hub }

    /// The store, for features that keep documents (meetings).
    public var documentStore: Store { store }

    /// What the meetings feature uses of this daemon.
    var meetingServices: MeetingDesk.Services {
        let languages = backend.languages
        return MeetingDesk.Services(store: store, hub: hub, writer: backend.messageWriter, flushLanguages: { languages.flush() })
    }

    public func stop() async {
        backend.extensions.meetings?.detach()
        await hub.stop()
        backend.stopWriter()
        backend.languages.flush()
        store.close()
        logger.notice("parleyd stopped")
    }

    /// Service lifecycle: serve until SIGTERM/SIGINT, then stop gracefully.
    public func run() async throws {
        try await start()
        try? await gracefulShutdown()
        await stop()
    }
}
