/// A tenant's receiver of events (Standard Webhooks): where they go, which ones, and the secrets
/// that sign them.
public struct WebhookEndpoint: Sendable, Hashable, Codable {
    public var id: String
    public var tenant: String
    public var url: String
    /// Event types this endpoint receives (`WebhookEventType` raw values).
    public var events: Set<String>
    /// `whsec_` + base64 of the key; the first signs, all of them while a rotation is under way.
    public var secrets: [String]
    /// When the secrets after the first stop being used, in milliseconds since 1970 (0: none pending).
    public var retiringUntil: Int64
    public var enabled: Bool
    /// Why the endpoint was disabled (410 Gone, persistent failure), if it was.
    public var disabledReason: String?
    public var createdBy: UserRef
    public var createdAt: Int64

    public init(id: String, tenant: String, url: String, events: Set<String>, secrets: [String], retiringUntil: Int64 = 0,
                enabled: Bool = true, disabledReason: String? = nil, createdBy: UserRef, createdAt: Int64) {
        self.id = id
        self.tenant = tenant
        self.url = url
        self.events = events
        self.secrets = secrets
        self.retiringUntil = retiringUntil
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The secrets that sign a delivery made at `now`: the current one, and the retiring ones until they expire.
    public func signingSecrets(at now: Int64) -> [String] {
        now < retiringUntil ? secrets : Array(secrets.prefix(1))
    }
}

/// The events Parley sends out.
public enum WebhookEventType: String, Sendable, CaseIterable, Codable {
    case messageCreated = "message.created"
    case minutesCreated = "minutes.created"
    case followUpCreated = "followup.created"
    case followUpUpdated = "followup.updated"
    /// Sent only when an admin asks for it (`POST /api/v1/webhooks/{id}/test`).
    case ping = "webhook.ping"
}
