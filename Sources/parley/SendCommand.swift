import ArgumentParser
import Foundation

/// `parley send`: posts one message and waits for the stored ack.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "send", abstract: "Send a message and wait until it is stored.")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: [.customLong("conversation"), .customShort("c")], help: "Conversation id.") var conversation: String?
    @Option(help: "Send a direct message to this user (id or id@tenant) instead.") var to: String?
    @Option(help: "Topic (topic groups).") var topic: String?
    @Option(help: "Client message id (default: random). Reusing one never stores twice.") var id: String?
    @Argument(help: "The text.") var text: String

    func run() async throws {
        let (session, _) = try await connection.open()
        defer { session.close() }
        var target = conversation
        if let to {
            session.send(["type": "direct", "id": "d", "user": to])
            for await frame in session.frames {
                if frame.type == "conversation" { target = (frame["conversation"] as? [String: Any])?["id"] as? String; break }
                if frame.type == "error" { throw ValidationError("\(frame["message"] ?? "refused")") }
            }
        }
        guard let target else { throw ValidationError("pass --conversation ID or --to USER") }
        let clientID = id ?? "cli-\(UUID().uuidString.prefix(12))"
        var frame: [String: Any] = ["type": "send", "id": clientID, "conversation": target, "text": text]
        if let topic { frame["topic"] = topic }
        session.send(frame)
        for await reply in session.frames {
            if reply.type == "ack" && reply["id"] as? String == clientID {
                print("stored \(target) #\(reply["seq"] ?? "?") (id \(clientID))")
                return
            }
            if reply.type == "error" && reply["id"] as? String == clientID {
                throw ValidationError("refused (\(reply["code"] ?? "?")): \(reply["message"] ?? "")")
            }
        }
        throw ValidationError("the daemon closed the connection before the ack; retry with --id \(clientID)")
    }
}
