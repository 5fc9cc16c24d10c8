import Foundation
import ParleyDomain
import ParleyHub
import ParleyStore

/// The admin HTTP routes of corrections (docs/protocol.md, "HTTP"): the tenant's memory as TSV or
/// TMX, and the authors whose suggestions the tenant accepts at once.
extension CorrectionDesk {
    /// `GET /api/v1/translation/memory.tsv` (or `memory`) and `memory.tmx`: the admin's own tenant's
    /// memory only. `format` is the name's extension ("tsv", "tmx"; nil: TSV).
    public func export(format: String?, as identity: Identity) -> HTTPResponse {
        guard identity.isAdmin else { return Self.error(403, "forbidden", "exporting the translation memory needs an admin token") }
        let format = format ?? "tsv"
        let memory = self.memory.snapshot
        let tenant = identity.user.tenant
        switch format {
        case "tsv":
            return HTTPResponse(status: 200, contentType: "text/tab-separated-values; charset=utf-8",
                                headers: [("Content-Disposition", "attachment; filename=\"\(tenant)-memory.tsv\"")],
                                body: Array(memory.exportTSV(tenant: tenant).utf8))
        case "tmx":
            return HTTPResponse(status: 200, contentType: "application/x-tmx+xml; charset=utf-8",
                                headers: [("Content-Disposition", "attachment; filename=\"\(tenant)-memory.tmx\"")],
                                body: Array(memory.exportTMX(tenant: tenant).utf8))
        default:
            return Self.error(404, "not_found", "the memory is exported as memory.tsv or memory.tmx, not memory.\(format)")
        }
    }

    /// `GET /api/v1/translation/auto-accept`: the authors the admin's tenant accepts at once.
    public func autoAccepted(as identity: Identity) async -> HTTPResponse {
        guard identity.isAdmin else { return Self.error(403, "forbidden", "this needs an admin token") }
        guard let store else { return Self.error(503, "internal", "corrections are not running") }
        do {
            let users = try await store.autoAcceptedAuthors(tenant: identity.user.tenant)
            return Self.json(200, ["tenant": identity.user.tenant, "users": users.map(\.description)])
        } catch {
            return Self.error(500, "internal", "\(protocolError(error, kind: "auto-accept", user: identity.user).message)")
        }
    }

    /// `PUT /api/v1/translation/auto-accept` `{"users": ["li", "wei@acme"]}`: replaces the list. Users
    /// of the admin's own tenant only (a bare id is one of them).
    public func setAutoAccepted(_ body: [UInt8], as identity: Identity) async -> HTTPResponse {
        guard identity.isAdmin else { return Self.error(403, "forbidden", "this needs an admin token") }
        guard let store else { return Self.error(503, "internal", "corrections are not running") }
        struct Body: Decodable { var users: [String]? }
        let decoded: Body
        switch ClientFrameParser.decode(Body.self, from: Data(body)) {
        case .success(let b): decoded = b
        case .failure(let e): return Self.error(400, e.code.rawValue, e.code == .badJSON ? "the body is not a JSON object" : e.message)
        }
        guard let names = decoded.users else { return Self.error(400, "bad_frame", "body needs 'users' (a list of user ids)") }
        let tenant = identity.user.tenant
        var users: [UserRef] = []
        do throws(ProtocolError) {
            for (i, name) in try FieldRules.count(names, "users", max: FieldRules.maxAttendees, requestID: nil).enumerated() {
                guard let user = UserRef(parsing: try FieldRules.id(name, "users[\(i)]", requestID: nil), defaultTenant: tenant) else {
                    throw ProtocolError(.badFrame, "users[\(i)] must be id or id@tenant")
                }
                guard user.tenant == tenant else { throw ProtocolError(.forbidden, "users[\(i)] is of tenant \(user.tenant), not yours (\(tenant))") }
                users.append(user)
            }
        } catch {
            return Self.error(error.code == .forbidden ? 403 : 400, error.code.rawValue, error.message)
        }
        do {
            try await store.setAutoAcceptedAuthors(users, tenant: tenant)
            return Self.json(200, ["tenant": tenant, "users": Set(users).map(\.description).sorted()])
        } catch {
            return Self.error(500, "internal", "\(protocolError(error, kind: "auto-accept", user: identity.user).message)")
        }
    }

    static func json(_ status: Int, _ object: [String: Any]) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return HTTPResponse(status: status, body: Array(data))
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        json(status, ["error": code, "message": message])
    }
}
