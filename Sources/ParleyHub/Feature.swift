import Foundation
import ParleyDomain

/// A feature module as the daemon sees it: the client frame types it owns, its HTTP routes, and
/// the frames it adds to a session's arrival. The daemon lists its features in one place
/// (`DaemonAssembly`); the hub and the HTTP API route to them by these declarations and know none
/// of them by name. A new frame or route is a change to one feature module.
public protocol Feature: Sendable {
    /// Client frame types this feature answers.
    var frameTypes: Set<String> { get }
    /// HTTP routes under the API, answered after the caller's token is verified.
    var routes: [FeatureRoute] { get }

    /// Answers one of `frameTypes` from an authenticated session; replies go through `reply`.
    func handle(_ frame: FeatureFrame, from identity: Identity, reply: ExtensionReplier) async
    /// Answers one of `routes`; `parameters` holds the path's `{name}` parts.
    func handle(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String], identity: Identity) async -> HTTPResponse
    /// Routes answered for a request without a token: the feature checks what the URL carries (a
    /// signed link an `<img src>` can hold).
    var openRoutes: [FeatureRoute] { get }
    /// Answers one of `openRoutes`.
    func handleOpen(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String]) async -> HTTPResponse
    /// Frames sent to a user right after `welcome` (what waited while they were offline).
    func arrivalFrames(for identity: Identity) async -> [[UInt8]]
    /// Ends the feature's own work (passes, loops) before the daemon closes its hub and store.
    func stop() async
}

extension Feature {
    public var routes: [FeatureRoute] { [] }
    public func handle(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String], identity: Identity) async -> HTTPResponse {
        HTTPResponse.error(404, .notFound, "no route \(request.method) \(request.path)")
    }
    public func arrivalFrames(for identity: Identity) async -> [[UInt8]] { [] }
    public var openRoutes: [FeatureRoute] { [] }
    public func stop() async {}
    public func handleOpen(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String]) async -> HTTPResponse {
        HTTPResponse.error(401, .unauthorized, "missing 'Authorization: Bearer TOKEN' header")
    }
}

/// An HTTP route a feature answers: a method and a path pattern such as `/api/v1/followups/{id}`.
public struct FeatureRoute: Sendable, Hashable {
    public let method: String
    public let pattern: String
    /// A body limit above the hub's `maxHTTPBodyBytes` (file uploads); nil: the hub's.
    public let maxBodyBytes: Int?
    private let parts: [Substring]

    public init(_ method: String, _ pattern: String, maxBodyBytes: Int? = nil) {
        self.method = method
        self.pattern = pattern
        self.maxBodyBytes = maxBodyBytes
        parts = pattern.split(separator: "/")
    }

    /// The `{name}` parts of `path` (query removed) when `method` and `path` match, else nil.
    public func match(method: String, path: String) -> [String: String]? {
        guard method == self.method else { return nil }
        let path = path.split(separator: "?", maxSplits: 1).first ?? ""
        let given = path.split(separator: "/")
        guard given.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (want, got) in zip(parts, given) {
            if want.hasPrefix("{") && want.hasSuffix("}") {
                parameters[String(want.dropFirst().dropLast())] = String(got)
            } else if want != got {
                return nil
            }
        }
        return parameters
    }
}

extension HTTPResponse {
    /// The API's one error shape, `{"error": code, "message": …}`.
    public static func error(_ status: Int, _ code: ErrorCode, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, body: ServerFrames.httpError(code: code.rawValue, message: message))
    }

    /// A JSON body from an `Encodable` value.
    public static func json(_ status: Int, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)).map { [UInt8]($0) } ?? Array(#"{"error":"internal","message":"could not encode the answer"}"#.utf8)
        return HTTPResponse(status: status, body: body)
    }
}

/// A feature that hears of every message this node's writer commits. Called on the writer's
/// thread right after the commit: it must only hand the messages on (a lock and a wake-up), never
/// wait or read the store.
public protocol CommitObserver: Sendable {
    func committed(_ outcomes: [CommittedMessage])
}

/// A feature that accepts credentials of its own kind (API keys) beside the daemon's JWTs, on the
/// WebSocket `hello` and on the HTTP API alike.
public protocol CredentialVerifier: Sendable {
    /// The identity `credential` stands for, or its refusal; nil when it is not of this kind.
    func verify(credential: String) async -> Result<Identity, ProtocolError>?
}
