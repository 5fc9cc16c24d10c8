import ArgumentParser

struct DictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dict", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("parley dict is not built yet") }
}
