import ArgumentParser
import Foundation

/// `parley tail`: follows conversations and prints messages as they arrive.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tail", abstract: "Print messages as they arrive (all conversations by default).")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: [.customLong("conversation"), .customShort("c")], help: "Only this conversation.") var conversation: String?
    @Option(help: "Only these topics (repeatable; topic groups).") var topic: [String] = []
    @Option(help: "Also print what came after this sequence number (with --conversation).") var since: Int64?
    @Flag(help: "Print raw JSON frames.") var json = false

    func run() async throws {
        let (session, welcome) = try await connection.open()
        defer { session.close() }
        if !json, let user = welcome["user"] as? [String: Any] {
            FileHandle.standardError.write(Data("connected as \(user["id"] ?? "?")@\(user["tenant"] ?? "?") (\(user["lang"] ?? "?"))\n".utf8))
        }
        var subscribe: [String: Any] = ["type": "subscribe", "id": "tail", "conversation": conversation ?? "*"]
        if !topic.isEmpty { subscribe["topics"] = topic }
        if let since { subscribe["since"] = since }
        session.send(subscribe)
        for await frame in session.frames {
            // Minutes stay in the inbox until acknowledged (docs/protocol.md): once printed, they are had.
            if frame.type == "minutes", frame["id"] == nil, let meeting = frame["meeting"] as? String, let version = frame["version"] as? NSNumber {
                Output.line(json ? frame.text : (frame["markdown"] as? String) ?? "")
                session.send(["type": "meeting.ack", "meeting": meeting, "version": version.int64Value])
                continue
            }
            if json { Output.line(frame.text); continue }
            switch frame.type {
            case "message":
                let sender = (frame["sender"] as? [String: Any])?["name"] ?? "?"
                let topicLabel = (frame["topic"] as? String).map { "/\($0)" } ?? ""
                var line = "[\(frame["conversation"] ?? "?")\(topicLabel) #\(frame["seq"] ?? "?")] \(sender): \(frame["text"] ?? "")"
                if let original = frame["original"] as? [String: Any], original["text"] as? String != frame["text"] as? String {
                    line += "  (\(original["lang"] ?? "?"): \(original["text"] ?? ""))"
                }
                Output.line(line)
            case "error":
                FileHandle.standardError.write(Data("error \(frame["code"] ?? ""): \(frame["message"] ?? "")\n".utf8))
            default:
                continue
            }
        }
        throw ExitCode(session.closeCode == 1000 ? 0 : 1)
    }
}
