import ArgumentParser
import Foundation
import Logging
import ParleyDaemon
import ServiceLifecycle

/// parleyd: parses flags over environment over file, then runs the daemon until SIGTERM.
@main
struct Parleyd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parleyd",
        abstract: "Parley's daemon: real-time messaging and meeting minutes over WebSocket.",
        discussion: "Settings: defaults < --config FILE (JSON) < PARLEY_* environment < flags. See README.md.")

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (default 8080).") var port: Int?
    @Option(name: .customLong("data-dir"), help: "Database and signing secret directory (default ./data).") var dataDir: String?
    @Option(name: .customLong("store-url"), help: "Cluster mode: a PostgreSQL URL shared by every node (default: the embedded SQLite store in --data-dir).") var storeURL: String?
    @Option(name: .customLong("dictionaries"), help: "Dictionaries directory (default ./Dictionaries).") var dictionaries: String?
    @Option(help: "Configuration file (JSON object of settings).") var config: String?
    @Option(name: .customLong("web-dir"), help: "The web client's folder (default: the copy built into parleyd).") var webDir: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.") var logLevel: String?
    @Option(name: .customLong("public-url"), help: "The address browsers use (https://chat.example.com); needed with an identity provider.") var publicURL: String?
    @Option(name: .customLong("oidc-issuer"), help: "One identity provider's issuer URL (its client secret only through PARLEY_OIDC_CLIENT_SECRET or the file).") var oidcIssuer: String?
    @Option(name: .customLong("oidc-name"), help: "That provider's name on the sign-in page (default SSO).") var oidcName: String?
    @Option(name: .customLong("oidc-client-id"), help: "That provider's client id for parleyd.") var oidcClientID: String?
    @Option(name: .customLong("oidc-tenant"), help: "The tenant everyone that provider signs in belongs to.") var oidcTenant: String?
    @Option(name: .customLong("oidc-tenant-claim"), help: "Or: the ID-token claim naming each person's tenant.") var oidcTenantClaim: String?

    func run() async throws {
        var settings = DaemonConfiguration()
        do {
            if let config { try settings.apply(file: config) }
            try settings.apply(environment: ProcessInfo.processInfo.environment)
            if let host { try settings.set("host", host, source: "--host") }
            if let port { try settings.set("port", String(port), source: "--port") }
            if let dataDir { try settings.set("data_dir", dataDir, source: "--data-dir") }
            if let storeURL { try settings.set("store_url", storeURL, source: "--store-url") }
            if let dictionaries { try settings.set("dictionaries_dir", dictionaries, source: "--dictionaries") }
            if let logLevel { try settings.set("log_level", logLevel, source: "--log-level") }
            if let webDir { try settings.set("web_dir", webDir, source: "--web-dir") }
            if let publicURL { try settings.set("public_url", publicURL, source: "--public-url") }
            if let oidcIssuer { try settings.set("oidc_issuer", oidcIssuer, source: "--oidc-issuer") }
            if let oidcName { try settings.set("oidc_name", oidcName, source: "--oidc-name") }
            if let oidcClientID { try settings.set("oidc_client_id", oidcClientID, source: "--oidc-client-id") }
            if let oidcTenant { try settings.set("oidc_tenant", oidcTenant, source: "--oidc-tenant") }
            if let oidcTenantClaim { try settings.set("oidc_tenant_claim", oidcTenantClaim, source: "--oidc-tenant-claim") }
        } catch {
            throw ValidationError(error.description)
        }
        if let problem = settings.identity.problems().first { throw ValidationError(problem) }
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "parleyd")
        let daemon = try await DaemonAssembly.make(configuration: settings, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
