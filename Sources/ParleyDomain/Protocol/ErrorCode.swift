/// Error codes of `error` frames and HTTP error bodies (docs/protocol.md lists when each is sent).
public enum ErrorCode: String, Sendable, Codable {
    case badJSON = "bad_json"
    case badFrame = "bad_frame"
    case unknownType = "unknown_type"
    case unsupportedVersion = "unsupported_version"
    case unauthenticated
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case rateLimited = "rate_limited"
    case tooManySubscriptions = "too_many_subscriptions"
    case tooLarge = "too_large"
    case badQuery = "bad_query"
    case conflict
    case unavailable
    case internalError = "internal"
}

/// A refusal of one frame: becomes an `error` frame that repeats the request id.
public struct ProtocolError: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String
    public var requestID: String?

    public init(_ code: ErrorCode, _ message: String, requestID: String? = nil) {
        self.code = code
        self.message = message
        self.requestID = requestID
    }
}

/// WebSocket close codes Parley uses (docs/protocol.md, "Close codes").
public enum CloseCode: UInt16, Sendable {
    case normal = 1000
    case goingAway = 1001
    case protocolError = 1002
    case unsupportedData = 1003
    case invalidPayload = 1007
    case messageTooBig = 1009
    case unauthorized = 4001
    case slowConsumer = 4008
    case rateLimited = 4029
}

extension ErrorCode {
    /// The HTTP status an API answer with this code carries.
    public var httpStatus: Int {
        switch self {
        case .badJSON, .badFrame, .unknownType, .unsupportedVersion, .badQuery: 400
        case .unauthenticated, .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .conflict: 409
        case .tooLarge: 413
        case .rateLimited, .tooManySubscriptions: 429
        case .unavailable: 503
        case .internalError: 500
        }
    }
}
