import Crypto
import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyStore
import Synchronization

/// API keys: credentials that tenant admins make for machines (bots, other systems), name, see the
/// last use of and revoke. A key is `pk_ID_SECRET`; the store keeps only SHA-256(SECRET), and every
/// use reads the key again, so a revoked key is refused at its next connect or request.
/// docs/protocol.md, "API keys".
public final class APIKeyDesk: Feature, CredentialVerifier {
    let store: Mutex<(any APIKeyStoring)?> = Mutex(nil)
    let logger: Logger
    let now: @Sendable () -> Int64
    /// When each key's last use was recorded (at most once a minute per key).
    private let touched = Mutex<[String: Int64]>([:])
    static let prefix = "pk_"

    public init(logger: Logger, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.logger = logger
        self.now = now
    }

    public func attach(_ store: any APIKeyStoring) { self.store.withLock { $0 = store } }
    public func stop() async { store.withLock { $0 = nil } }
    var attached: (any APIKeyStoring)? { store.withLock { $0 } }

    // MARK: Feature

    public var frameTypes: Set<String> { [] }
    public var routes: [FeatureRoute] { [Self.list, Self.create, Self.revoke] }
    static let list = FeatureRoute("GET", "/api/v1/keys")
    static let create = FeatureRoute("POST", "/api/v1/keys")
    static let revoke = FeatureRoute("DELETE", "/api/v1/keys/{id}")

    public func handle(_ frame: FeatureFrame, from identity: Identity, reply: ExtensionReplier) async {
        reply(ServerFrames.error(ProtocolError(.unknownType, "API keys have no frames; use /api/v1/keys", requestID: frame.requestID)))
    }

    public func handle(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String], identity: Identity) async -> HTTPResponse {
        guard let store = attached else { return .error(503, .unavailable, "API keys are not available (the daemon is stopping)") }
        guard identity.isAdmin else { return .error(403, .forbidden, "API keys are managed by the tenant's admins (an admin token)") }
        do {
            switch route {
            case Self.create: return try await make(request.body, by: identity, store)
            case Self.revoke:
                guard let id = parameters["id"], let key = try await store.apiKey(id), key.tenant == identity.user.tenant else {
                    return .error(404, .notFound, "no API key \(parameters["id"] ?? "") in tenant \(identity.user.tenant)")
                }
                guard try await store.revokeAPIKey(id, at: now()) else { return .error(409, .conflict, "API key \(id) is revoked already") }
                logger.info("API key revoked", metadata: ["apikey.id": "\(id)", "apikey.by": "\(identity.user)"])
                return .json(200, KeyView(try await store.apiKey(id) ?? key))
            default:
                return .json(200, KeyList(keys: try await store.apiKeys(tenant: identity.user.tenant).map { KeyView($0) }))
            }
        } catch let error as ProtocolError {
            return .error(error.code.httpStatus, error.code, error.message)
        } catch {
            logger.warning("API key store call failed", metadata: ["store.error": "\(error)"])
            return .error(500, .internalError, "the API keys could not be read or written: \(error)")
        }
    }

    /// `POST /api/v1/keys` `{"name": …, "user": …, "admin": false}`: the key, shown only in this answer.
    func make(_ body: [UInt8], by identity: Identity, _ store: any APIKeyStoring) async throws -> HTTPResponse {
        struct Body: Decodable { var name: String?; var user: String?; var admin: Bool? }
        let b = try ClientFrameParser.decode(Body.self, from: Data(body)).get()
        guard let name = b.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty, name.count <= 100 else {
            throw ProtocolError(.badFrame, "the body needs 'name' (1 to 100 characters: what the key is for)")
        }
        let user = b.user ?? "bot-" + name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(40)
        if let problem = UserRef.problem(with: user, field: "user") { throw ProtocolError(.badFrame, problem) }
        let id = Self.random(bytes: 8).map { String(format: "%02x", $0) }.joined()
        let secret = Data(Self.random(bytes: 32)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let key = APIKey(id: id, tenant: identity.user.tenant, name: name, user: user, admin: b.admin ?? false, digest: Self.digest(secret),
                         createdBy: identity.user, createdAt: now())
        try await store.insertAPIKey(key)
        logger.info("API key made", metadata: ["apikey.id": "\(id)", "apikey.user": "\(user)", "apikey.by": "\(identity.user)"])
        return .json(201, KeyView(key, secret: "\(Self.prefix)\(id)_\(secret)"))
    }

    // MARK: CredentialVerifier

    public func verify(credential: String) async -> Result<Identity, ProtocolError>? {
        guard credential.hasPrefix(Self.prefix) else { return nil }
        let parts = credential.dropFirst(Self.prefix.count).split(separator: "_", maxSplits: 1)
        guard parts.count == 2, let store = attached else { return .failure(ProtocolError(.unauthorized, "malformed API key")) }
        let id = String(parts[0])
        let key: APIKey?
        do { key = try await store.apiKey(id) } catch {
            return .failure(ProtocolError(.unavailable, "API keys cannot be checked now: \(error)"))
        }
        // Compared as digests in constant time: the timing says nothing about the secret.
        guard let key, Self.same(Self.digest(String(parts[1])), key.digest) else {
            return .failure(ProtocolError(.unauthorized, "unknown API key"))
        }
        if key.revokedAt != nil { return .failure(ProtocolError(.unauthorized, "API key \(key.id) (\(key.name)) was revoked")) }
        await recordUse(of: key, store)
        return .success(Identity(user: UserRef(id: key.user, tenant: key.tenant), name: key.name, language: Language("en"),
                                 isAdmin: key.admin, isBot: true))
    }

    private func recordUse(of key: APIKey, _ store: any APIKeyStoring) async {
        let now = now()
        let due = touched.withLock { seen -> Bool in
            guard now - (seen[key.id] ?? 0) >= 60_000 else { return false }
            seen[key.id] = now
            return true
        }
        if due { try? await store.touchAPIKey(key.id, at: now) }
    }

    static func digest(_ secret: String) -> String { SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined() }

    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func random(bytes: Int) -> [UInt8] {
        SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8)).withUnsafeBytes { Array($0) }
    }
}

struct KeyView: Encodable {
    var id: String
    var name: String
    var user: String
    var admin: Bool
    var createdBy: String
    var createdAt: Int64
    var lastUsedAt: Int64?
    var revokedAt: Int64?
    /// The whole key, only when it was just made.
    var key: String?

    init(_ k: APIKey, secret: String? = nil) {
        id = k.id
        name = k.name
        user = "\(k.user)@\(k.tenant)"
        admin = k.admin
        createdBy = k.createdBy.description
        createdAt = k.createdAt
        lastUsedAt = k.lastUsedAt
        revokedAt = k.revokedAt
        key = secret
    }

    enum CodingKeys: String, CodingKey {
        case id, name, user, admin, createdBy = "created_by", createdAt = "created_at", lastUsedAt = "last_used_at", revokedAt = "revoked_at", key
    }
}

struct KeyList: Encodable { var keys: [KeyView] }
