import ArgumentParser

struct TranslateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "translate", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("parley translate is not built yet") }
}
