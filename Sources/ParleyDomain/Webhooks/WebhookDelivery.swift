/// One event on its way to one endpoint: the outbox row, its attempts and their outcome.
public struct WebhookDelivery: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Waiting for its next attempt.
        case pending
        case delivered
        /// Out of attempts, or its endpoint was disabled.
        case failed
    }

    public var id: String
    public var endpoint: String
    public var tenant: String
    /// The `webhook-id` header: the same on every attempt, unique per event and endpoint.
    public var eventID: String
    public var eventType: String
    /// The JSON body sent, exactly as signed.
    public var body: String
    public var createdAt: Int64
    public var status: Status
    public var attempts: Int
    /// When the next attempt is due, milliseconds since 1970.
    public var nextAttemptAt: Int64
    /// The HTTP status of the last answer (nil: no answer: refused address, timeout, connection closed).
    public var lastResponse: Int?
    public var lastError: String?
    public var lastAttemptAt: Int64?

    public init(id: String, endpoint: String, tenant: String, eventID: String, eventType: String, body: String, createdAt: Int64,
                status: Status = .pending, attempts: Int = 0, nextAttemptAt: Int64, lastResponse: Int? = nil, lastError: String? = nil,
                lastAttemptAt: Int64? = nil) {
        self.id = id
        self.endpoint = endpoint
        self.tenant = tenant
        self.eventID = eventID
        self.eventType = eventType
        self.body = body
        self.createdAt = createdAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastResponse = lastResponse
        self.lastError = lastError
        self.lastAttemptAt = lastAttemptAt
    }
}
