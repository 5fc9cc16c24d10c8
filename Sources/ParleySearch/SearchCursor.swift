import ParleyDomain
import ParleyStore

/// Where the next page of a search starts: after a message (newest first) or after a number of
/// results (by relevance). Written into `next` as text the client hands back unchanged.
struct SearchCursor {
    var before: Int64?
    var offset = 0
    var minutesAfter: (endedAt: Int64, meeting: String)?

    init(_ text: String?, order: SearchRequest.Order) throws(ProtocolError) {
        guard let text else { return }
        let parts = text.split(separator: "~", omittingEmptySubsequences: false)
        if parts.count == 3 && parts[0] == "m" {
            guard let at = Int64(parts[1]), !parts[2].isEmpty else { throw Self.bad }
            minutesAfter = (at, String(parts[2]))
            return
        }
        switch (order, parts.count) {
        case (.newest, 2) where parts[0] == "n":
            guard let position = Int64(parts[1]) else { throw Self.bad }
            before = position
        case (.relevance, 2) where parts[0] == "r":
            guard let n = Int(parts[1]), n >= 0 else { throw Self.bad }
            offset = n
        default:
            throw Self.bad
        }
    }

    static func keyset(_ position: Int64) -> String { "n~\(position)" }
    static func offset(_ n: Int) -> String { "r~\(n)" }
    static func minutes(_ hit: MinutesHit) -> String { "m~\(hit.endedAt)~\(hit.meeting)" }

    static let bad = ProtocolError(.badFrame, "'cursor' is not a 'next' of this search (pass it back unchanged, with the same 'order')")
}
