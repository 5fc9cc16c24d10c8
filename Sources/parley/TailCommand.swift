import ArgumentParser

struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tail", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("parley tail is not built yet") }
}
