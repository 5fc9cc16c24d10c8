import ArgumentParser
import Foundation

/// `parley search`: messages and minutes the token's user may see, in any language.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search",
                                                    abstract: "Search the messages you may see (in any language), newest first.")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: [.customLong("conversation"), .customShort("c")], help: "Only this conversation.") var conversation: String?
    @Option(help: "Only messages from this user (id or id@tenant).") var from: String?
    @Option(help: "Only messages on or after this day (YYYY-MM-DD).") var since: String?
    @Option(help: "Results per page (1...50).") var limit = 20
    @Flag(help: "Best matches first instead of newest first.") var relevance = false
    @Flag(help: "Print the raw search frames.") var json = false
    @Argument(help: "What to look for.") var query: String

    func run() async throws {
        let (session, _) = try await connection.open()
        defer { session.close() }
        var request: [String: Any] = ["type": "search", "id": "q", "query": query, "limit": limit, "order": relevance ? "relevance" : "newest"]
        if let conversation { request["conversation"] = conversation }
        if let from { request["from"] = from }
        if let since { request["since"] = since }
        session.send(request)
        for await frame in session.frames where frame["id"] as? String == "q" {
            if frame.type == "error" { throw ValidationError("\(frame["code"] ?? "error"): \(frame["message"] ?? "")") }
            guard frame.type == "search" else { continue }
            if json { Output.line(frame.text); return }
            let results = (frame["results"] as? [[String: Any]]) ?? []
            for result in results {
                let m = (result["message"] as? [String: Any]) ?? [:]
                let sender = (m["sender"] as? [String: Any])?["name"] ?? "?"
                let when = (m["at"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue / 1000).formatted(.iso8601) } ?? "?"
                Output.line("[\(m["conversation"] ?? "?") #\(m["seq"] ?? "?")] \(when) \(sender) (matched \(result["matched"] ?? "?")): \(result["snippet"] ?? "")")
            }
            if results.isEmpty { Output.line("no results") }
            if frame["next"] != nil { Output.line("… more: narrow the query or raise --limit") }
            return
        }
        throw ValidationError("the daemon closed the connection before answering")
    }
}
