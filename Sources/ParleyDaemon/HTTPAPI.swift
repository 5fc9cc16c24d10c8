import Foundation
import Logging
import Metrics
import ParleyCorrections
import ParleyDomain
import ParleyHub
import ParleyIdentity
import ParleyMeetings
import ParleyStore
import ParleyWeb
import Prometheus

/// The HTTP side of parleyd: health, metrics, administration, the bot endpoint and the web client.
/// Routes and bodies are listed in docs/protocol.md, "HTTP".
struct HTTPAPI: Sendable {
    let store: any Store
    let tokens: TokenAuthority
    /// Tokens and the features' own credentials (API keys, providers' machine tokens), as on `hello`.
    let credentials: Credentials
    let hub: HubReference
    let meetings: MeetingDesk?
    /// Suggested translations and each tenant's memory (nil: not built in).
    let corrections: CorrectionDesk?
    /// Feature modules: their routes are tried after the ones below.
    let features: [any Feature]
    /// The browser client's files, answered for every GET outside the routes below.
    let web: WebSite?
    /// Development sign-in (nil with a production secret).
    let dev: DevSignIn?
    /// Sign-in with identity providers (`/auth/*`, the user directory); nil when none is configured.
    let identity: IdentityDesk?
    let logger: Logger
    /// The longest message text, as for `send` frames.
    var maxTextBytes = 16_384

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let path = request.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.path
        let parts = path.split(separator: "/").map(String.init)
        if request.method == "GET" && parts == ["healthz"] {
            // 503 while the database does not answer: a load balancer sends clients elsewhere.
            let health = await store.health()
            var body: [String: Any] = ["status": health.reachable ? "ok" : "unavailable", "store": store.backendName]
            if let problem = health.problem { body["problem"] = problem }
            return json(health.reachable ? 200 : 503, body)
        }
        if request.method == "GET" && parts == ["metrics"] {
            return HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4", body: MetricsBootstrap.registry.emitToBuffer())
        }
        if parts.first == "auth" {
            if let identity, let answer = await identity.handle(request, path: parts) { return answer }
            if request.method == "GET" && parts == ["auth", "providers"] {
                // No provider: the sign-in page offers tokens and development links only.
                return json(200, ["providers": [Any](), "development": dev != nil] as [String: Any])
            }
            return error(404, "not_found", "no route \(request.method) \(path)")
        }
        guard parts.starts(with: ["api", "v1"]) else {
            if let page = web?.respond(method: request.method, path: path, ifNoneMatch: request.ifNoneMatch) { return page }
            return error(404, "not_found", "no route \(request.method) \(path)")
        }
        guard let authorization = request.authorization else {
            // A feature's open route (a signed file link in an `<img src>`) checks what its URL carries.
            for feature in features {
                for route in feature.openRoutes {
                    if let parameters = route.match(method: request.method, path: path) {
                        return await feature.handleOpen(request, route: route, parameters: parameters)
                    }
                }
            }
            return error(401, "unauthorized", "missing 'Authorization: Bearer TOKEN' header")
        }
        let identity: Identity
        switch await credentials.verify(authorization) {
        case .failure(let e): return error(401, "unauthorized", e.message)
        case .success(let i): identity = i
        }
        if let refusal = await self.identity?.refusal(of: identity) { return error(401, "unauthorized", refusal) }
        if let answer = await self.identity?.directory(request, route: Array(parts.dropFirst(2)), as: identity) { return answer }
        do {
            let route = Array(parts.dropFirst(2))
            let id = route.count > 1 ? route[1] : ""
            switch (request.method, route.count, route.first ?? "", route.count > 2 ? route[2] : "") {
            case ("POST", 1, "meetings", _):
                guard let meetings else { return error(404, "not_found", "meetings are not enabled") }
                return await meetings.upload(request.body, as: identity)
            case ("GET", 2, "translation", _) where id == "memory" || id.hasPrefix("memory."):
                guard let corrections else { return error(404, "not_found", "translation corrections are not enabled") }
                return corrections.export(format: id == "memory" ? nil : String(id.dropFirst("memory.".count)), as: identity)
            case ("GET", 2, "translation", _) where id == "auto-accept":
                guard let corrections else { return error(404, "not_found", "translation corrections are not enabled") }
                return await corrections.autoAccepted(as: identity)
            case ("PUT", 2, "translation", _) where id == "auto-accept":
                guard let corrections else { return error(404, "not_found", "translation corrections are not enabled") }
                return await corrections.setAutoAccepted(request.body, as: identity)
            case ("POST", 1, "messages", _):
                return try await postMessage(request.body, as: identity)
            case ("GET", 3, "conversations", "members"):
                return try await members(of: id, for: identity)
            case ("GET", 1, "dev", _):
                // The admin page shows its sign-in link form only when this answers.
                guard dev != nil else { return error(404, "not_found", "not a development server (signing_secret_file is set)") }
                return json(200, ["development": true])
            case ("POST", 2, "dev", _) where id == "tokens":
                guard let dev else { return error(404, "not_found", "sign-in links are minted only in development mode (no signing_secret_file)") }
                return json(201, try await dev.mint(request.body, by: identity))
            case ("GET", 1, "groups", _):
                try requireAdmin(identity)
                return json(200, ["groups": try await store.conversations(ownedBy: identity.user.tenant).map(Self.render)])
            case ("POST", 1, "groups", _):
                try requireAdmin(identity)
                return try await createGroup(request.body, admin: identity)
            case ("GET", 2, "groups", _):
                return json(200, Self.render(try await manageable(id, by: identity)))
            case ("POST", 3, "groups", "members"):
                let c = try await manageable(id, by: identity)
                let body: MemberBody = try decode(request.body)
                guard let raw = body.user, let user = UserRef(parsing: try checked { try FieldRules.id(raw, "user", requestID: nil) }, defaultTenant: c.tenant) else {
                    throw APIError(400, "bad_frame", "body needs 'user' as id or id@tenant")
                }
                return changed(try await store.addMember(user, to: id))
            case ("DELETE", 4, "groups", "members"):
                let c = try await manageable(id, by: identity)
                let member = route[3]
                guard let user = UserRef(parsing: member.removingPercentEncoding ?? member, defaultTenant: c.tenant) else {
                    return error(400, "bad_frame", "member must be id or id@tenant")
                }
                return changed(try await store.removeMember(user, from: id))
            case ("POST", 3, "groups", "shares"):
                _ = try await manageable(id, by: identity)
                let body: ShareBody = try decode(request.body)
                guard let tenant = body.tenant else { return error(400, "bad_frame", "body needs 'tenant'") }
                return changed(try await store.share(id, with: try checked { try FieldRules.id(tenant, "tenant", requestID: nil) }))
            default:
                for feature in features {
                    for route in feature.routes {
                        if let parameters = route.match(method: request.method, path: path) {
                            return await feature.handle(request, route: route, parameters: parameters, identity: identity)
                        }
                    }
                }
                return error(404, "not_found", "no route \(request.method) \(path)")
            }
        } catch let e as APIError {
            return error(e.status, e.code, e.message)
        } catch let e as StoreError {
            switch e.kind {
            case .notFound: return error(404, "not_found", e.message)
            case .refused: return error(403, "forbidden", e.message)
            case .conflict: return error(409, "conflict", e.message)
            case .database: return error(500, "internal", e.message)
            case .unavailable: return error(503, "unavailable", e.message)
            }
        } catch {
            return self.error(500, "internal", "\(error)")
        }
    }

    // MARK: Routes

    private func createGroup(_ body: [UInt8], admin: Identity) async throws -> HTTPResponse {
        let o: GroupBody = try decode(body)
        guard let title = o.title, !title.isEmpty else { throw APIError(400, "bad_frame", "body needs 'title'") }
        _ = try checked { try FieldRules.text(title, "title", maxCharacters: FieldRules.maxTitleCharacters, requestID: nil) }
        let kindName = o.kind ?? "group"
        guard let kind = ConversationKind(rawValue: kindName), kind != .direct else {
            throw APIError(400, "bad_frame", "'kind' must be 'group' or 'topics'")
        }
        var shares: [String] = []
        for (i, tenant) in try checked({ try FieldRules.count(o.shares ?? [], "shares", max: FieldRules.maxTopics, requestID: nil) }).enumerated() {
            _ = try checked { try FieldRules.id(tenant, "shares[\(i)]", requestID: nil) }
            if !shares.contains(tenant) { shares.append(tenant) }
        }
        var members: [UserRef] = []
        for (i, raw) in try checked({ try FieldRules.count(o.members ?? [], "members", max: FieldRules.maxGroupMembers, requestID: nil) }).enumerated() {
            guard let user = UserRef(parsing: try checked { try FieldRules.id(raw, "members[\(i)]", requestID: nil) }, defaultTenant: admin.user.tenant) else {
                throw APIError(400, "bad_frame", "members[\(i)] must be id or id@tenant")
            }
            if !members.contains(user) { members.append(user) }
        }
        let c = try await store.createConversation(kind: kind, tenant: admin.user.tenant, title: title, members: members, sharedWith: shares, id: nil)
        hub.value?.conversationChanged(c)
        return json(201, Self.render(c))
    }

    private func postMessage(_ body: [UInt8], as identity: Identity) async throws -> HTTPResponse {
        guard identity.isBot || identity.isAdmin else { throw APIError(403, "forbidden", "posting through the API needs a bot token") }
        let o: MessageBody = try decode(body)
        guard let text = o.text, !text.isEmpty else { throw APIError(400, "bad_frame", "body needs 'text'") }
        guard text.utf8.count <= maxTextBytes else { throw APIError(413, "too_large", "text is \(text.utf8.count) bytes; the limit is \(maxTextBytes)") }
        let topic = try o.topic.map { t in try checked { try FieldRules.text(t, "topic", maxCharacters: FieldRules.maxTopicCharacters, requestID: nil) } }
        let language = try o.lang.map { l in try checked { try FieldRules.language(l, "lang", requestID: nil) } }
        let conversation: Conversation
        if let id = o.conversation {
            _ = try checked { try FieldRules.id(id, "conversation", requestID: nil) }
            guard let c = try await store.conversation(id), c.tenant == identity.user.tenant || c.members.contains(identity.user) else {
                throw APIError(403, "forbidden", "conversation \(id) is not in your tenant")
            }
            if let refusal = c.kind == .topics && topic == nil ? "conversation \(id) is a topic group: a message needs a topic" : nil {
                throw APIError(400, "bad_frame", refusal)
            }
            conversation = c
        } else if let target = o.user {
            _ = try checked { try FieldRules.id(target, "user", requestID: nil) }
            guard let user = UserRef(parsing: target, defaultTenant: identity.user.tenant) else {
                throw APIError(400, "bad_frame", "'user' must be id or id@tenant")
            }
            let (c, created) = try await store.openDirect(identity.user, user)
            if created { hub.value?.conversationChanged(c) }
            conversation = c
        } else {
            throw APIError(400, "bad_frame", "body needs 'conversation' or 'user'")
        }
        if conversation.kind != .topics && topic != nil { throw APIError(400, "bad_frame", "conversation \(conversation.id) has no topics") }
        let clientID = try o.id.map { i in try checked { try FieldRules.id(i, "id", requestID: nil) } } ?? "bot-\(UUID().uuidString)"
        let message = OutgoingMessage(conversation: conversation.id, topic: topic, sender: identity.user, senderName: identity.name,
                                      clientID: clientID, text: text, language: language ?? identity.language,
                                      kind: .bot)
        guard let hub = hub.value else { throw APIError(503, "internal", "the hub is not running") }
        switch await hub.post(message) {
        case .success(let m): return json(201, ["conversation": m.conversation, "seq": m.seq, "id": m.clientID] as [String: Any])
        case .failure(let e): throw APIError(e.code == .conflict ? 409 : 500, e.code.rawValue, e.message)
        }
    }

    /// `GET /api/v1/conversations/{id}/members`, for any member: who can be @mentioned.
    private func members(of id: String, for identity: Identity) async throws -> HTTPResponse {
        guard let c = try await store.conversation(id), c.members.contains(identity.user) else {
            throw APIError(403, "forbidden", "you are not a member of conversation \(id)")
        }
        let names = await self.identity?.names(of: Array(c.members)) ?? [:]
        let members = c.members.sorted { $0.description < $1.description }.map { user -> [String: Any] in
            // Users of the conversation's tenant are named by id, others as id@tenant (as senders are);
            // people in the user directory also by the name their provider gives.
            var member: [String: Any] = ["id": user.tenant == c.tenant ? user.id : user.description, "tenant": user.tenant]
            if let name = names[user] { member["name"] = name }
            return member
        }
        return json(200, ["conversation": c.id, "members": members] as [String: Any])
    }

    // MARK: Helpers

    private func requireAdmin(_ identity: Identity) throws {
        guard identity.isAdmin else { throw APIError(403, "forbidden", "this needs an admin token (parley token --admin)") }
    }

    private func manageable(_ id: String, by identity: Identity) async throws -> Conversation {
        try requireAdmin(identity)
        guard let c = try await store.conversation(id) else { throw APIError(404, "not_found", "no conversation \(id)") }
        if let refusal = AccessPolicy.checkManage(identity, c) { throw APIError(403, "forbidden", refusal.reason) }
        return c
    }


    private func changed(_ c: Conversation) -> HTTPResponse {
        hub.value?.conversationChanged(c)
        return json(200, Self.render(c))
    }

    /// Decodes a body; a field of the wrong type or an impossible value is a 400 naming it.
    private func decode<T: Decodable>(_ body: [UInt8]) throws -> T {
        switch ClientFrameParser.decode(T.self, from: Data(body)) {
        case .success(let value): return value
        case .failure(let e) where e.code == .badJSON: throw APIError(400, "bad_json", "the body is not a JSON object")
        case .failure(let e): throw APIError(400, e.code.rawValue, e.message)
        }
    }

    /// Runs a `FieldRules` check; its `bad_frame` becomes a 400 with the same message.
    private func checked<T>(_ check: () throws -> T) throws -> T {
        do { return try check() } catch let error as ProtocolError { throw APIError(400, error.code.rawValue, error.message) }
    }

    static func render(_ c: Conversation) -> [String: Any] {
        ["id": c.id, "kind": c.kind.rawValue, "tenant": c.tenant, "title": c.title,
         "members": c.members.map(\.description).sorted(), "shares": c.sharedWith.sorted(), "lastSeq": c.lastSeq]
    }

    private func json(_ status: Int, _ object: Any) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return HTTPResponse(status: status, body: Array(data))
    }

    private func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        json(status, ["error": code, "message": message])
    }
}

/// Bodies of the HTTP API's routes (docs/protocol.md, "HTTP").
private struct GroupBody: Decodable { var title: String?; var kind: String?; var members: [String]?; var shares: [String]? }
private struct MemberBody: Decodable { var user: String? }
private struct ShareBody: Decodable { var tenant: String? }
private struct MessageBody: Decodable {
    var text: String?
    var conversation: String?
    var user: String?
    var topic: String?
    var lang: String?
    var id: String?
}

struct APIError: Error {
    let status: Int
    let code: String
    let message: String
    init(_ status: Int, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }
}
