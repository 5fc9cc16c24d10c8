import ArgumentParser
import Foundation

/// `parley followups`: the follow-ups you own or asked for (or a meeting's), and changing one.
struct FollowUpsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followups",
        abstract: "List your follow-ups (due soonest first), or change one with --update ID --action ACTION.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "A meeting's follow-ups instead of yours (you attended it).") var meeting: String?
    @Option(help: "Only these statuses, comma-separated (proposed, open, done, accepted, dropped).") var status: String?
    @Option(help: "Change this follow-up instead of listing.") var update: String?
    @Option(help: "With --update: accept, done, reopen, drop, reassign (with --owner) or due (with --due).") var action: String?
    @Option(help: "With --action reassign: the new owner's user id.") var owner: String?
    @Option(help: "With --action due: the new due day (YYYY-MM-DD).") var due: String?
    @Flag(help: "Print the raw frames.") var json = false

    func validate() throws {
        if update != nil && action == nil { throw ValidationError("--update needs --action") }
        if update == nil && action != nil { throw ValidationError("--action needs --update ID") }
    }

    func run() async throws {
        let (session, _) = try await connection.open()
        defer { session.close() }
        var request: [String: Any]
        if let update, let action {
            request = ["type": "followup.update", "id": "f", "followup": update, "action": action]
            if let owner { request["owner"] = owner }
            if let due { request["due"] = due }
        } else {
            request = ["type": "followups", "id": "f"]
            if let meeting { request["meeting"] = meeting }
            if let status { request["status"] = status.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        }
        session.send(request)
        for await frame in session.frames where frame["id"] as? String == "f" {
            if frame.type == "error" { throw ValidationError("\(frame["code"] ?? "error"): \(frame["message"] ?? "")") }
            if json { Output.line(frame.text); return }
            let items = frame.type == "followup" ? [frame["followup"] as? [String: Any] ?? [:]] : (frame["followups"] as? [[String: Any]]) ?? []
            for f in items {
                let due = (f["due"] as? String).map { " due \($0)" } ?? ""
                Output.line("\(f["id"] ?? "?") [\(f["status"] ?? "?")]\(due) owner \(f["owner"] ?? "?"), asked by \(f["requester"] ?? "?"): \(f["text"] ?? "")")
            }
            if items.isEmpty { Output.line("no follow-ups") }
            return
        }
        throw ValidationError("the daemon closed the connection before answering")
    }
}
