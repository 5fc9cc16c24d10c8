import ArgumentParser

struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "send", abstract: "Not built yet.")
    func run() async throws { throw ValidationError("parley send is not built yet") }
}
