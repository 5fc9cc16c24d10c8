import ArgumentParser

/// `parley`: the command-line client. Each subcommand lives in its own file.
@main
struct ParleyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Parley's command-line client: tokens, chat, groups, translation, minutes and dictionaries.",
        subcommands: [
            TokenCommand.self, LoginCommand.self, SendCommand.self, TailCommand.self, GroupsCommand.self,
            TranslateCommand.self, DictCommand.self, MinutesCommand.self, SearchCommand.self, MemoryCommand.self, FollowUpsCommand.self,
        ]
    )
}
