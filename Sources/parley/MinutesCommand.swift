import ArgumentParser

struct MinutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "minutes", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("parley minutes is not built yet") }
}
