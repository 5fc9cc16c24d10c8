import ArgumentParser

/// `parley memory`: the tenant's translation memory over the HTTP API (needs an admin token).
struct MemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory", abstract: "Export the tenant's accepted translation corrections; choose whose suggestions are accepted at once.",
        subcommands: [Export.self, AutoAccept.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the tenant's translation memory as TSV or TMX 1.4.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "tsv or tmx") var format = "tsv"
        func validate() throws {
            guard ["tsv", "tmx"].contains(format) else { throw ValidationError("--format must be tsv or tmx, not \(format)") }
        }
        func run() async throws { try await AdminCall.run(connection, "GET", "/api/v1/translation/memory.\(format)", nil) }
    }

    struct AutoAccept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auto-accept",
            abstract: "Show the users whose suggestions the tenant accepts without an admin, or replace the list with USERS (--none: empty it).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "user ids of the admin's tenant") var users: [String] = []
        @Flag(help: "accept nobody's suggestions at once") var none = false
        func validate() throws {
            if none && !users.isEmpty { throw ValidationError("give USERS or --none, not both") }
        }
        func run() async throws {
            if users.isEmpty && !none {
                try await AdminCall.run(connection, "GET", "/api/v1/translation/auto-accept", nil)
            } else {
                try await AdminCall.run(connection, "PUT", "/api/v1/translation/auto-accept", ["users": users])
            }
        }
    }
}
