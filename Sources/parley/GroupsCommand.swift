import ArgumentParser

struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "groups", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("parley groups is not built yet") }
}
