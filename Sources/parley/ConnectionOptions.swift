import ArgumentParser
import Foundation
import ParleyClient

/// Where the daemon is and who is speaking: shared by every command that talks to parleyd.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "The daemon's WebSocket URL (default: $PARLEY_URL, then `parley login`'s).")
    var url = ProcessInfo.processInfo.environment["PARLEY_URL"] ?? StoredCredentials.load()?.url ?? "ws://127.0.0.1:8080/ws"
    @Option(help: "Token or API key (default: $PARLEY_TOKEN, then `parley login`'s; mint one with `parley token`).") var token: String?

    func resolvedToken() throws -> String {
        guard let t = token ?? ProcessInfo.processInfo.environment["PARLEY_TOKEN"] ?? StoredCredentials.load()?.token, !t.isEmpty else {
            throw ValidationError("no token: pass --token, set PARLEY_TOKEN or run `parley login` (mint one with `parley token`)")
        }
        return t
    }

    /// The HTTP base URL of the same daemon (ws://h:p/ws → http://h:p).
    var httpBase: String {
        var base = url.replacingOccurrences(of: "wss://", with: "https://").replacingOccurrences(of: "ws://", with: "http://")
        if base.hasSuffix("/ws") { base.removeLast(3) }
        return base
    }

    /// Connects and says hello; returns the connection and the welcome frame.
    func open() async throws -> (ParleyConnection, ParleyConnection.Frame) {
        let connection = try await ParleyConnection.connect(url: url)
        connection.send(["type": "hello", "version": 1, "token": try resolvedToken()])
        for await frame in connection.frames {
            switch frame.type {
            case "welcome": return (connection, frame)
            case "error": throw ValidationError("the daemon refused: \(frame["message"] ?? "?")")
            default: continue
            }
        }
        throw ValidationError("the daemon closed the connection (close code \(connection.closeCode.map(String.init) ?? "none"))")
    }
}
