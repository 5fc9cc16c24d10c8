import ArgumentParser
import Foundation
import ParleyDaemon
import ParleyDomain

/// `parley token`: mints a token signed with the daemon's secret; `--link` prints a browser sign-in link.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Print a token signed with the daemon's secret (or, with --link, a sign-in link).",
        discussion: "The secret, host and port come from the same settings as parleyd: --config FILE < PARLEY_* environment < flags.")

    @Option(help: "User id.") var user: String
    @Option(help: "Tenant id.") var tenant: String
    @Option(help: "Preferred language (BCP 47, e.g. zh, en, es).") var lang: String = "en"
    @Option(help: "Display name (default: the user id).") var name: String?
    @Flag(help: "An administrator token (HTTP admin API).") var admin = false
    @Flag(help: "A bot token (POST /api/v1/messages).") var bot = false
    @Option(help: "Validity in hours.") var hours: Double = 24 * 30
    @Option(name: .customLong("data-dir"), help: "The daemon's data directory (default ./data).") var dataDir: String?
    @Option(help: "parleyd's configuration file (JSON), for its secret, host and port.") var config: String?
    @Flag(help: "Print a link that signs in in a browser: http://HOST:PORT/#token=JWT.") var link = false
    @Option(name: .customLong("base-url"), help: "The web client's address for --link (default: parleyd's host and port).") var baseURL: String?
    @Option(help: "parleyd's host, for --link.") var host: String?
    @Option(help: "parleyd's port, for --link.") var port: Int?

    func run() async throws {
        var settings = DaemonConfiguration()
        do {
            if let config { try settings.apply(file: config) }
            try settings.apply(environment: ProcessInfo.processInfo.environment)
            if let dataDir { try settings.set("data_dir", dataDir, source: "--data-dir") }
            if let host { try settings.set("host", host, source: "--host") }
            if let port { try settings.set("port", String(port), source: "--port") }
        } catch {
            throw ValidationError(error.description)
        }
        let secret: String
        do { secret = try SigningSecret.load(settings, create: false) } catch { throw ValidationError(error.description) }
        if let problem = UserRef.problem(with: user, field: "user") ?? UserRef.problem(with: tenant, field: "tenant") {
            throw ValidationError(problem + "; parleyd would refuse the token")
        }
        let authority = await TokenAuthority(secret: secret)
        let identity = Identity(user: UserRef(id: user, tenant: tenant), name: name ?? user, language: Language(lang), isAdmin: admin, isBot: bot)
        let token = try await authority.mint(identity, lifetime: hours * 3600)
        if link {
            let base = (baseURL ?? settings.baseURL).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            print("\(base)/#token=\(token)")
        } else {
            print(token)
        }
    }
}
