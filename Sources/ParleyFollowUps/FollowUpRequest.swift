import Foundation
import ParleyDomain

/// A follow-up frame from a client, validated: `followups` (a list) or `followup.update`.
/// docs/protocol.md, "Follow-ups".
enum FollowUpRequest: Sendable, Equatable {
    case list(FollowUpListing)
    case update(id: String, FollowUpAction)

    static let listType = "followups"
    static let updateType = "followup.update"
    static let frameTypes: Set<String> = [listType, updateType]

    /// Every field the two frames may carry.
    private struct Fields: Decodable {
        var meeting: String?
        var conversation: String?
        var status: [String]?
        var dueBy: String?
        var followup: String?
        var action: String?
        var owner: String?
        var due: String?
    }

    /// Parses `frame` for `user` (whose tenant a bare owner id is in); the error names the bad field.
    static func parse(_ frame: FeatureFrame, tenant: String) throws(ProtocolError) -> FollowUpRequest {
        let f = try frame.decode(Fields.self)
        let id = frame.requestID
        switch frame.type {
        case listType:
            var listing = FollowUpListing()
            if let m = f.meeting { listing.meeting = try FieldRules.id(m, "meeting", requestID: id) }
            if let c = f.conversation { listing.conversation = try FieldRules.id(c, "conversation", requestID: id) }
            if listing.meeting != nil && listing.conversation != nil {
                throw ProtocolError(.badFrame, "followups takes 'meeting' or 'conversation', not both", requestID: id)
            }
            for name in try FieldRules.count(f.status ?? [], "status", max: 5, requestID: id) {
                guard let status = FollowUp.Status(rawValue: name) else {
                    throw ProtocolError(.badFrame, "'status' has '\(name.prefix(40))': use \(Self.statusNames)", requestID: id)
                }
                listing.statuses.insert(status)
            }
            if let d = f.dueBy { listing.dueBy = try FieldRules.date(d, "dueBy", requestID: id) }
            return .list(listing)
        case updateType:
            guard let followup = f.followup else { throw ProtocolError(.badFrame, "followup.update needs field 'followup'", requestID: id) }
            let target = try FieldRules.id(followup, "followup", requestID: id)
            guard let name = f.action else { throw ProtocolError(.badFrame, "followup.update needs field 'action'", requestID: id) }
            switch name {
            case "accept": return .update(id: target, .accept)
            case "done": return .update(id: target, .done)
            case "reopen": return .update(id: target, .reopen)
            case "drop": return .update(id: target, .drop)
            case "reassign":
                guard let owner = f.owner else { throw ProtocolError(.badFrame, "reassign needs field 'owner' (a user id)", requestID: id) }
                guard let user = UserRef(parsing: try FieldRules.id(owner, "owner", requestID: id), defaultTenant: tenant),
                      UserRef.problem(with: user.id, field: "owner") == nil else {
                    throw ProtocolError(.badFrame, "'owner' is not a user id", requestID: id)
                }
                return .update(id: target, .reassign(user))
            case "due":
                return .update(id: target, .due(try f.due.map { d throws(ProtocolError) in try FieldRules.date(d, "due", requestID: id) }))
            default:
                throw ProtocolError(.badFrame, "'action' must be accept, done, reopen, drop, reassign or due", requestID: id)
            }
        default:
            throw ProtocolError(.unknownType, "unknown frame type '\(frame.type)'", requestID: id)
        }
    }

    static var statusNames: String { FollowUp.Status.allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Which follow-ups a `followups` frame asks for: the user's own (neither meeting nor conversation),
/// a meeting's or a conversation's.
struct FollowUpListing: Sendable, Equatable {
    var meeting: String?
    var conversation: String?
    var statuses: Set<FollowUp.Status> = []
    var dueBy: ISODate?
}
