import ArgumentParser
import ParleyDaemon
import ParleyDomain

/// `parley token`: mints a token signed with a data directory's secret.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Print a token signed with the daemon's secret.")

    @Option(help: "User id.") var user: String
    @Option(help: "Tenant id.") var tenant: String
    @Option(help: "Preferred language (BCP 47, e.g. zh, en, es).") var lang: String = "en"
    @Option(help: "Display name (default: the user id).") var name: String?
    @Flag(help: "An administrator token (HTTP admin API).") var admin = false
    @Flag(help: "A bot token (POST /api/v1/messages).") var bot = false
    @Option(help: "Validity in hours.") var hours: Double = 24 * 30
    @Option(name: .customLong("data-dir"), help: "The daemon's data directory (default ./data).") var dataDir = "./data"

    func run() async throws {
        let secret: String
        do { secret = try SigningSecret.load(dataDirectory: dataDir, create: false) } catch { throw ValidationError(error.description) }
        let authority = await TokenAuthority(secret: secret)
        let identity = Identity(user: UserRef(id: user, tenant: tenant), name: name ?? user, language: Language(lang), isAdmin: admin, isBot: bot)
        print(try await authority.mint(identity, lifetime: hours * 3600))
    }
}
