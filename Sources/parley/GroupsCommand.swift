import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `parley groups`: administration over the HTTP API (needs an admin token).
struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups", abstract: "Create groups and topic groups, manage members, share with another tenant.",
        subcommands: [List.self, Create.self, AddMember.self, RemoveMember.self, Share.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenant's groups.")
        @OptionGroup var connection: ConnectionOptions
        func run() async throws { try await AdminCall.run(connection, "GET", "/api/v1/groups", nil) }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a group (or a topic group with --topics).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Title.") var title: String
        @Flag(help: "A topic group: messages carry topics.") var topics = false
        @Option(help: "Member (id or id@tenant), repeatable.") var member: [String] = []
        @Option(help: "Share with this tenant, repeatable.") var share: [String] = []
        func run() async throws {
            try await AdminCall.run(connection, "POST", "/api/v1/groups",
                                    ["title": title, "kind": topics ? "topics" : "group", "members": member, "shares": share])
        }
    }

    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-member", abstract: "Add a member.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var group: String
        @Argument var user: String
        func run() async throws { try await AdminCall.run(connection, "POST", "/api/v1/groups/\(group)/members", ["user": user]) }
    }

    struct RemoveMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove-member", abstract: "Remove a member.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var group: String
        @Argument var user: String
        func run() async throws { try await AdminCall.run(connection, "DELETE", "/api/v1/groups/\(group)/members/\(user)", nil) }
    }

    struct Share: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Share a group with another tenant (an external partner).")
        @OptionGroup var connection: ConnectionOptions
        @Argument var group: String
        @Argument var tenant: String
        func run() async throws { try await AdminCall.run(connection, "POST", "/api/v1/groups/\(group)/shares", ["tenant": tenant]) }
    }
}

/// One admin HTTP call; prints the JSON answer, fails with the server's message.
enum AdminCall {
    static func run(_ connection: ConnectionOptions, _ method: String, _ path: String, _ body: [String: Any]?) async throws {
        guard let url = URL(string: connection.httpBase + path) else { throw ValidationError("bad --url \(connection.url)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(try connection.resolvedToken())", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        print(String(decoding: data, as: UTF8.self))
        if !(200..<300).contains(status) { throw ExitCode(1) }
    }
}
