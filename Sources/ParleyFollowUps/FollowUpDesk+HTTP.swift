import Foundation
import ParleyDomain
import ParleyHub

extension FollowUpDesk {
    /// `POST /api/v1/followups` from a bot: `{"key": …, "owner": …, "text": …, "due": "YYYY-MM-DD", "lang": …}`.
    /// `key` is the caller's idempotency key: the same key again answers the follow-up it made (200)
    /// instead of a second one (201).
    func create(_ body: [UInt8], by identity: Identity, _ services: Services) async throws(ProtocolError) -> HTTPResponse {
        guard identity.isBot || identity.isAdmin else { throw ProtocolError(.forbidden, "creating follow-ups needs a bot or admin token") }
        struct Body: Decodable { var key: String?; var owner: String?; var text: String?; var due: String?; var lang: String? }
        let b = try ClientFrameParser.decode(Body.self, from: Data(body)).get()
        guard let key = b.key else { throw ProtocolError(.badFrame, "the body needs 'key' (your idempotency key)") }
        guard let ownerText = b.owner else { throw ProtocolError(.badFrame, "the body needs 'owner' (a user id)") }
        guard let text = b.text else { throw ProtocolError(.badFrame, "the body needs 'text'") }
        let user = identity.user
        guard let owner = UserRef(parsing: try FieldRules.id(ownerText, "owner", requestID: nil), defaultTenant: user.tenant),
              owner.tenant == user.tenant else {
            throw ProtocolError(.badFrame, "'owner' must be a user of tenant \(user.tenant)")
        }
        let item = FollowUp(id: "f-\(user.id)-\(try FieldRules.id(key, "key", requestID: nil))", tenant: user.tenant,
                            text: try FieldRules.text(text, "text", maxCharacters: 2_000, requestID: nil),
                            language: try b.lang.map { l throws(ProtocolError) in try FieldRules.language(l, "lang", requestID: nil) } ?? identity.language,
                            owner: owner, requester: user,
                            due: try b.due.map { d throws(ProtocolError) in try FieldRules.date(d, "due", requestID: nil) }, at: now())
        let inserted = try await read { try await services.store.insertFollowUps([item]) }
        if let made = inserted.first {
            await tell([made.owner], event: "created", made, services)
            return .json(201, FollowUpReply(followup: FollowUpView(made, rendering: nil)))
        }
        guard let existing = try await read({ try await services.store.followUp(item.id) }) else {
            throw ProtocolError(.internalError, "follow-up \(item.id) was neither stored nor found")
        }
        return .json(200, FollowUpReply(followup: FollowUpView(existing, rendering: nil)))
    }
}
