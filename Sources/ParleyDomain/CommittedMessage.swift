/// A message the store committed (or found already stored, for a retried client id).
public struct CommittedMessage: Sendable {
    public var message: ChatMessage
    public var duplicate: Bool
    public var token: UInt64
    public init(message: ChatMessage, duplicate: Bool, token: UInt64) {
        self.message = message
        self.duplicate = duplicate
        self.token = token
    }
}

/// A message the store refused.
public struct RejectedMessage: Sendable {
    public var clientID: String
    public var token: UInt64
    public var reason: String
    /// `conflict`: the client id was used for another message; `internal`: the store failed.
    public var code: ErrorCode
    public init(clientID: String, token: UInt64, reason: String, code: ErrorCode = .internalError) {
        self.clientID = clientID
        self.token = token
        self.reason = reason
        self.code = code
    }
}
