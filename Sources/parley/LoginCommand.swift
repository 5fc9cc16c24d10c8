import ArgumentParser
import Foundation

/// `parley login --key pk_…`: checks an API key against the daemon and keeps it (and the URL) for
/// the other commands, in the user's config directory, readable by the user only.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign the command line in with an API key (made by an admin: POST /api/v1/keys).",
        discussion: "The key and URL are kept in $XDG_CONFIG_HOME/parley/credentials.json (~/.config/parley/…), mode 0600; "
            + "--token and $PARLEY_TOKEN still win over them. `parley login --forget` removes them.")

    @Option(help: "The daemon's WebSocket URL.") var url = ProcessInfo.processInfo.environment["PARLEY_URL"] ?? "ws://127.0.0.1:8080/ws"
    @Option(help: "The API key (pk_…); default: read from standard input.") var key: String?
    @Flag(help: "Remove the kept credentials.") var forget = false

    func run() async throws {
        if forget {
            try? FileManager.default.removeItem(atPath: StoredCredentials.path)
            print("signed out: \(StoredCredentials.path) removed")
            return
        }
        guard let key = (key ?? readLine())?.trimmingCharacters(in: .whitespacesAndNewlines), key.hasPrefix("pk_") else {
            throw ValidationError("give an API key (pk_…) with --key or on standard input; an admin makes one with POST /api/v1/keys")
        }
        let options = try ConnectionOptions.parse(["--url", url, "--token", key])
        let (connection, welcome) = try await options.open()
        connection.close()
        let user = (welcome["user"] as? [String: Any]).map { "\($0["id"] ?? "?")@\($0["tenant"] ?? "?")" } ?? "?"
        try StoredCredentials(url: url, token: key).save()
        print("signed in as \(user); credentials kept in \(StoredCredentials.path)")
    }
}

/// The command line's kept sign-in (`parley login`).
struct StoredCredentials: Codable {
    var url: String
    var token: String

    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/parley/credentials.json"
    }

    static func load() -> StoredCredentials? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(StoredCredentials.self, from: data)
    }

    func save() throws {
        let directory = (Self.path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Created with 0600 before anything is written, so the key is never readable by others.
        FileManager.default.createFile(atPath: Self.path, contents: nil, attributes: [.posixPermissions: 0o600])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: Self.path)
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: Self.path))
    }
}
