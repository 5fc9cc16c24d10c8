import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyStore
import Synchronization

/// Files in conversations: uploads (`POST /api/v1/conversations/{id}/files`), downloads checked at
/// every request (`GET /api/v1/files/{id}`, with a token or a signed link), signed links for
/// `<img src>`, each tenant's storage use and quota, and the sweep that removes what no message
/// kept. docs/protocol.md, "Files". Attaching files to a message happens in the store's writer,
/// in the message's own transaction (`send` with `attachments`).
///
/// A `Feature`: the daemon lists it, and the HTTP API routes its routes here.
public final class AttachmentDesk: Feature {
    /// What the desk works with once the daemon's store exists.
    public struct Services: Sendable {
        public var store: any Store & FileStoring
        public init(store: any Store & FileStoring) { self.store = store }
    }

    let configuration: AttachmentConfiguration
    let blobs: BlobDirectory
    let links: FileLinks
    let logger: Logger
    /// Milliseconds since 1970 (tests move it).
    let now: @Sendable () -> Int64
    private let services = Mutex<Services?>(nil)
    let sweeper = Mutex<Task<Void, Never>?>(nil)

    /// - Parameter secret: the daemon's signing secret, which keys the download links.
    public init(configuration: AttachmentConfiguration, secret: String, logger: Logger,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws {
        self.configuration = configuration
        do { blobs = try BlobDirectory(root: configuration.directory) } catch { throw ConfigurationFailure(description: error.message) }
        links = FileLinks(secret: secret)
        self.logger = logger
        self.now = now
    }

    /// A files directory that cannot be made.
    public struct ConfigurationFailure: Error, CustomStringConvertible { public let description: String }

    /// Binds the desk to the daemon's store and starts the sweep.
    public func attach(_ services: Services) {
        self.services.withLock { $0 = services }
        startSweeping()
    }

    public func detach() {
        services.withLock { $0 = nil }
        sweeper.withLock { $0?.cancel(); $0 = nil }
    }

    /// The daemon is stopping: no sweep runs on a closing store.
    public func stop() async { detach() }

    var attached: Services? { services.withLock { $0 } }

    // MARK: Feature

    public var frameTypes: Set<String> { [] }
    static let uploadPattern = "/api/v1/conversations/{id}/files"
    static let storageRoute = FeatureRoute("GET", "/api/v1/storage")
    static let quotaRoute = FeatureRoute("PUT", "/api/v1/storage")
    static let linkRoute = FeatureRoute("GET", "/api/v1/files/{id}/link")
    static let downloadRoute = FeatureRoute("GET", "/api/v1/files/{id}")
    /// The upload route, with the body limit the hub applies before any byte reaches the desk.
    public var uploadRoute: FeatureRoute { FeatureRoute("POST", Self.uploadPattern, maxBodyBytes: configuration.maxFileSize) }
    public var routes: [FeatureRoute] { [uploadRoute, Self.storageRoute, Self.quotaRoute, Self.linkRoute, Self.downloadRoute] }
    public var openRoutes: [FeatureRoute] { [Self.downloadRoute] }

    public func handle(_ frame: FeatureFrame, from identity: Identity, reply: ExtensionReplier) async {}

    public func handle(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String], identity: Identity) async -> HTTPResponse {
        guard let services = attached else { return .error(503, .unavailable, "files are not available (the daemon is stopping)") }
        do throws(AttachmentError) {
            let id = parameters["id"] ?? ""
            switch route {
            case uploadRoute: return try await upload(request, to: id, by: identity, services)
            case Self.linkRoute: return try await link(id, for: identity.user, services)
            case Self.downloadRoute: return try await download(id, for: identity.user, cache: "private, no-cache", range: request.range, services)
            case Self.storageRoute: return try await usage(for: identity, services)
            default: return try await setQuota(request.body, by: identity, services)
            }
        } catch {
            return error.response
        }
    }

    public func handleOpen(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String]) async -> HTTPResponse {
        guard let services = attached else { return .error(503, .unavailable, "files are not available (the daemon is stopping)") }
        let id = parameters["id"] ?? ""
        do throws(AttachmentError) {
            let text = try links.check(file: id, query: FileLinks.parse(request.query), now: now() / 1000).get()
            guard let user = UserRef(parsing: text, defaultTenant: "") else { throw .forbidden("this file link names no user") }
            // The link may be cached by the browser until it expires, never by anyone else.
            return try await download(id, for: user, cache: "private, max-age=\(Int(configuration.linkLifetime))", range: request.range, services)
        } catch {
            return error.response
        }
    }

    // MARK: Access

    /// The file, if `user` may read it now: a member of its conversation (partners are members only
    /// where it is shared with them), and, while it is not yet sent, only its uploader. Anything
    /// else answers as if there were no such file, so that ids cannot be probed.
    func readable(_ id: String, by user: UserRef, _ services: Services) async throws(AttachmentError) -> StoredFile {
        let missing = AttachmentError.notFound("no file \(id), or not one you may see")
        guard FileID.isWellFormed(id), let file = try await read({ try await services.store.file(id) }) else { throw missing }
        guard let conversation = try await read({ try await services.store.conversation(file.conversation) }),
              AccessPolicy.checkRead(user, conversation) == nil else { throw missing }
        if file.messageSeq == nil && file.uploader != user { throw missing }
        return file
    }

    // MARK: Routes

    /// The file's bytes, or with `range` (`bytes=START-END`, `bytes=START-`, `bytes=-SUFFIX`) a `206` of one part.
    func download(_ id: String, for user: UserRef, cache: String, range: String? = nil, _ services: Services) async throws(AttachmentError) -> HTTPResponse {
        let file = try await readable(id, by: user, services)
        guard let bytes = blobs.read(file.sha256) else {
            logger.error("file bytes missing", metadata: ["file.id": "\(id)", "file.sha256": "\(file.sha256)"])
            throw .internalError("the bytes of file \(id) are missing on this server")
        }
        var headers = FileRules.downloadHeaders(name: file.name, type: file.type, cache: cache)
        headers.append(("Accept-Ranges", "bytes"))
        guard let range else { return HTTPResponse(status: 200, contentType: FileRules.servedType(file.type), headers: headers, body: bytes) }
        guard let part = FileRules.byteRange(range, size: bytes.count) else {
            return HTTPResponse(status: 416, headers: [("Content-Range", "bytes */\(bytes.count)")],
                                body: ServerFrames.httpError(code: "bad_range", message: "Range '\(range.prefix(60))' is not one satisfiable byte range of this \(bytes.count)-byte file"))
        }
        headers.append(("Content-Range", "bytes \(part.lowerBound)-\(part.upperBound - 1)/\(bytes.count)"))
        return HTTPResponse(status: 206, contentType: FileRules.servedType(file.type), headers: headers, body: Array(bytes[part]))
    }

    /// `{"url": "/api/v1/files/ID?u=…&e=…&s=…", "expires": ms}`: a link for `<img src>` or a download.
    func link(_ id: String, for user: UserRef, _ services: Services) async throws(AttachmentError) -> HTTPResponse {
        let file = try await readable(id, by: user, services)
        let expires = now() / 1000 + Int64(configuration.linkLifetime)
        struct Link: Encodable { var url: String; var expires: Int64 }
        return .json(200, Link(url: "/api/v1/files/\(file.id)?" + links.query(file: file.id, user: user.description, expires: expires),
                               expires: expires * 1000))
    }

    /// A store call whose failure the client sees as `internal`, with the store's reason.
    func read<T>(_ body: () async throws -> T) async throws(AttachmentError) -> T {
        do { return try await body() } catch {
            logger.warning("file store call failed", metadata: ["store.error": "\(error)"])
            throw .internalError("the files could not be read or written: \(error)")
        }
    }
}

/// File ids: `fl-` and 32 lowercase hex digits (128 random bits).
enum FileID {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        return "fl-" + String(format: "%016llx%016llx", g.next() as UInt64, g.next() as UInt64)
    }

    static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 35 && id.hasPrefix("fl-") && id.utf8.dropFirst(3).allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
