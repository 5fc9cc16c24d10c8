import Foundation
import ParleyDomain
import ParleyStore

/// The notification channels nodes share, and what travels on them: the sending node's id on the
/// first line, then one entry per line (a '%' or a line break inside an entry is percent-encoded). Hints only: a receiver reads the store, and a lost or
/// unparsable notification costs latency, never a message (`Store.marks`).
enum BusChannel: String, CaseIterable, Sendable {
    /// Entries `conversation:seq`: the newest sequence number a batch committed per conversation.
    case commits = "parley_commits"
    /// Entries: conversations created, or whose members or shares changed.
    case directory = "parley_directory"
    /// Entries: meetings whose minutes were stored.
    case minutes = "parley_minutes"
    /// Entries `id@tenant`: users an admin deactivated.
    case users = "parley_users"
}

struct BusPayload: Equatable, Sendable {
    var node: String
    var entries: [String]

    /// PostgreSQL refuses payloads of 8,000 bytes or more; this leaves room to spare.
    static let limit = 7_900

    /// The payloads that carry `entries`: as few as fit under `limit` each. An entry too long to
    /// travel at all is left out (the receivers' resynchronization finds it).
    static func payloads(node: String, entries: [String]) -> [String] {
        var payloads: [String] = []
        var current = node
        for entry in entries.map(escaped) where node.utf8.count + 1 + entry.utf8.count <= limit {
            if current.utf8.count + 1 + entry.utf8.count > limit {
                payloads.append(current)
                current = node
            }
            current += "\n" + entry
        }
        if current != node { payloads.append(current) }
        return payloads
    }

    init(node: String, entries: [String]) {
        self.node = node
        self.entries = entries
    }

    init?(parsing payload: String) {
        let lines = payload.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let node = lines.first else { return nil }
        self.node = node
        entries = lines.dropFirst().map { $0.removingPercentEncoding ?? $0 }
    }

    /// Every '%' was encoded, so decoding restores exactly what was sent.
    private static func escaped(_ entry: String) -> String {
        entry.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// The hints one notification carries.
    func events(on channel: BusChannel) -> [StoreEvent] {
        switch channel {
        case .commits:
            return entries.compactMap { entry in
                // Conversation ids may hold colons (direct ones do); the number follows the last.
                guard let colon = entry.lastIndex(of: ":"), let seq = Int64(entry[entry.index(after: colon)...]) else { return nil }
                return .committed(conversation: String(entry[..<colon]), seq: seq)
            }
        case .directory:
            return entries.map { .directoryChanged(conversation: $0) }
        case .minutes:
            return entries.map { .minutesStored(meeting: $0) }
        case .users:
            // The tenant follows the last '@' (ids never hold one).
            return entries.compactMap { entry in
                guard let at = entry.lastIndex(of: "@") else { return nil }
                return .userDeactivated(UserRef(id: String(entry[..<at]), tenant: String(entry[entry.index(after: at)...])))
            }
        }
    }
}
