import Foundation
import Logging
import ParleyCorrections
import ParleyDomain
import ParleyHub
import ParleyIdentity
import ParleyMeetings
import ParleySearch
import ParleyCluster
import ParleyStore
import ParleyStorePostgres
import ParleyStoreSQLite
import ParleyWeb
import ServiceLifecycle

/// parleyd assembled: store, group-commit writer, hub, translation, meetings and the web client.
///
/// `start()` opens everything and binds the port; `stop()` stops accepting, flushes,
/// closes sessions with 1001 and closes the database. `run()` does both around a
/// service lifecycle (SIGTERM / SIGINT).
public final class ParleyDaemon: Service, Sendable {
    public let configuration: DaemonConfiguration
    let logger: Logger
    let store: any Store
    /// Other nodes' commits into this node's hub (nil: the embedded store, one node).
    let cluster: ClusterLink?
    let backend: StoreBackend
    let hub: Hub
    let hubReference: HubReference
    public let tokens: TokenAuthority
    /// Development sign-in; nil when a production secret or an identity provider is configured.
    let dev: DevSignIn?
    /// Sign-in with identity providers; nil when none is configured.
    let identity: IdentityDesk?

    init(configuration: DaemonConfiguration, logger: Logger,
                localizer: (any MessageLocalizing)? = nil, analyzer: (any TextAnalyzing)? = nil, meetings: MeetingDesk? = nil,
                corrections: CorrectionDesk? = nil, features: [any Feature] = [], web: WebSite? = nil) async throws {
        self.configuration = configuration
        self.logger = logger
        MetricsBootstrap.once()
        let secret = try SigningSecret.load(configuration, create: true)
        tokens = await TokenAuthority(secret: secret)
        let identitySettings = configuration.identity
        if let problem = identitySettings.problems().first { throw ConfigurationError(problem) }
        // Development links are never enabled once a provider is configured.
        if configuration.isDevelopment, !identitySettings.isEnabled, let admin = UserRef(parsing: configuration.devAdmin, defaultTenant: "acme") {
            dev = DevSignIn(tokens: tokens, admin: admin)
        } else {
            dev = nil
        }
        let searchText = configuration.searchEnabled ? analyzer.map(SearchText.init) : nil
        let store = try await Self.openStore(configuration, searchText: searchText, logger: logger)
        self.store = store
        let search = searchText.map { SearchDesk(store: store, searchText: $0, localizer: localizer ?? OriginalTextLocalizer(), logger: logger) }
        hubReference = HubReference()
        identity = try Self.makeIdentity(identitySettings, store: store, tokens: tokens, hub: hubReference, logger: logger)
        let extensions = ExtensionRouter(meetings: meetings, search: search, corrections: corrections, features: features)
        backend = StoreBackend(store: store, tokens: tokens, hub: hubReference, extensions: extensions,
                               maxTextBytes: configuration.hub.maxTextBytes, web: web, dev: dev, identity: identity, logger: logger)
        var hubConfiguration = configuration.hub
        hubConfiguration.featureFrameTypes = extensions.frameTypes
        hubConfiguration.largeBodyRoutes = features.flatMap(\.routes).filter { $0.maxBodyBytes != nil }
        if identitySettings.isEnabled { hubConfiguration.allowedOrigin = identitySettings.origin }
        let hub = Hub(configuration: hubConfiguration, backend: backend, localizer: localizer ?? OriginalTextLocalizer(), logger: logger)
        self.hub = hub
        hubReference.set(hub)
        cluster = store.events.map { ClusterLink(store: store, hub: hub, events: $0, logger: logger) }
        backend.cluster.set(cluster)
    }

    /// The identity feature when providers are configured: access tokens are this daemon's, short-lived.
    static func makeIdentity(_ settings: IdentityConfiguration, store: any Store, tokens: TokenAuthority, hub: HubReference,
                             logger: Logger) throws -> IdentityDesk? {
        guard settings.isEnabled else { return nil }
        guard let sessions = store as? any IdentityStore else {
            throw ConfigurationError("the \(store.backendName) store cannot hold sign-in sessions; identity_providers need the SQLite or PostgreSQL store")
        }
        return IdentityDesk(configuration: settings, store: sessions,
                            mint: { identity, lifetime in try await tokens.mint(identity, lifetime: lifetime) },
                            disconnect: { user, reason in hub.value?.disconnect(user, reason: reason) }, logger: logger)
    }

    /// Binds the port and starts serving.
    public func start() async throws {
        let directory = try await hub.start()
        cluster?.start(directory: directory, minutesStored: { [weak self] meeting in
            await self?.backend.extensions.meetings?.deliverStoredMinutes(meeting)
        })
        logger.notice("parleyd listening", metadata: ["hub.host": "\(configuration.hub.host)", "hub.port": "\(hub.port)", "hub.shards": "\(hub.shardCount)",
                                                     "store": "\(storeDescription)"])
        if let identity {
            logger.notice("sign-in with identity providers", metadata: [
                "identity.providers": "\(identity.configuration.providers.map(\.name).joined(separator: ", "))",
                "identity.public_url": "\(identity.configuration.baseURL ?? "")"])
        }
        if let dev, let link = try? await dev.adminLink(baseURL: baseURL) {
            // Like Jupyter's tokenized URL: open it to sign in as the development admin.
            logger.notice("development sign-in (generated secret; set signing_secret_file in production)",
                          metadata: ["web.admin": "\(dev.admin)", "web.link": "\(link)"])
        }
    }

    /// Where a browser on this machine reaches the bound port.
    public var baseURL: String {
        var c = configuration
        c.hub.port = hub.port
        return c.baseURL
    }

    /// The bound port.
    public var port: Int { hub.port }

    /// The feature of type `F` this daemon was built with (tests drive passes through it).
    public func feature<F: Feature>(_ type: F.Type) -> F? {
        backend.extensions.features.lazy.compactMap { $0 as? F }.first
    }

    /// The hub (tests read its shard count).
    public var deliveryHub: Hub { hub }

    /// What the meetings feature uses of this daemon.
    var meetingServices: MeetingDesk.Services {
        let languages = backend.languages
        return MeetingDesk.Services(store: store, hub: hub, writer: backend.messageWriter, flushLanguages: { await languages.flush() })
    }

    public func stop() async {
        backend.extensions.meetings?.detach()
        backend.extensions.corrections?.detach()
        for feature in backend.extensions.features { await feature.stop() }
        await hub.stop()
        await cluster?.stop()
        await backend.stopWriter()
        await backend.languages.flush()
        await store.close()
        logger.notice("parleyd stopped")
    }

    /// Opens the store the configuration names: PostgreSQL for `store_url`, else the embedded SQLite file.
    static func openStore(_ configuration: DaemonConfiguration, searchText: SearchText?, logger: Logger) async throws -> any Store {
        if let url = configuration.storeURL {
            return try await PostgresStore.open(PostgresConfiguration(url: url), searchText: searchText, logger: logger)
        }
        return try SQLiteStore(SQLiteConfiguration(path: configuration.databasePath, durability: configuration.durability),
                               searchText: searchText, logger: logger)
    }

    /// Which store this node uses, for the start-up log (never the password).
    var storeDescription: String {
        if let sqlite = store as? SQLiteStore {
            return "sqlite \(configuration.databasePath) (durability \((try? sqlite.durabilityInEffect())?.rawValue ?? "unknown"))"
        }
        return "\(store.backendName) \(configuration.storeURL.map(PostgresConfiguration.redacted) ?? "")"
    }

    /// Service lifecycle: serve until SIGTERM/SIGINT, then stop gracefully.
    public func run() async throws {
        try await start()
        try? await gracefulShutdown()
        await stop()
    }
}
