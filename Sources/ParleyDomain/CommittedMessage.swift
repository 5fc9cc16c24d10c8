/// A message the store committed (or found already stored, for a retried client id).
public struct CommittedMessage: Sendable {
    public var message: ChatMessage
    public var duplicate: Bool
    public var token: UInt64
    /// Texts a deletion erased (the message's, its earlier versions'): kept nowhere, so the hub has
    /// its translator drop their renderings too. Empty for everything else.
    public var erased: [String]
    public init(message: ChatMessage, duplicate: Bool, token: UInt64, erased: [String] = []) {
        self.message = message
        self.duplicate = duplicate
        self.token = token
        self.erased = erased
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
