import Crypto
import Foundation
import ParleyDomain
import ParleyMinutes

/// An event before it is fanned out to endpoints: its type, tenant, a stable id (the same on every
/// node that offers it, so the outbox stores it once) and its body.
struct WebhookEvent: Sendable {
    var type: WebhookEventType
    var tenant: String
    var id: String
    var body: String

    /// - Parameter key: what makes the event unique within its type (a message's conversation and seq).
    init(_ type: WebhookEventType, tenant: String, key: String, at: Int64, data: some Encodable) {
        self.type = type
        self.tenant = tenant
        id = "evt_" + Self.digest("\(type.rawValue)|\(tenant)|\(key)", length: 32)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let envelope = Envelope(type: type.rawValue, timestamp: Self.iso(at), data: data)
        body = (try? encoder.encode(envelope)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The outbox row of this event for `endpoint`, due at once.
    func delivery(to endpoint: WebhookEndpoint, at now: Int64) -> WebhookDelivery {
        WebhookDelivery(id: "dlv_" + Self.digest("\(endpoint.id)|\(id)", length: 24), endpoint: endpoint.id, tenant: tenant, eventID: id,
                        eventType: type.rawValue, body: body, createdAt: now, nextAttemptAt: now)
    }

    /// The Standard Webhooks payload shape: `type`, `timestamp`, `data`.
    struct Envelope<Data: Encodable>: Encodable {
        var type: String
        var timestamp: String
        var data: Data
    }

    static func digest(_ text: String, length: Int) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined().prefix(length).description
    }

    static func iso(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}

/// `message.created`'s data.
struct MessageData: Encodable {
    var conversation: String
    var seq: Int64
    var topic: String?
    var sender: String
    var senderName: String
    var text: String
    var language: String
    var kind: String
    var at: String

    init(_ m: ChatMessage) {
        conversation = m.conversation
        seq = m.seq
        topic = m.topic
        sender = m.sender.description
        senderName = m.senderName
        text = m.text
        language = m.language.code
        kind = m.kind.rawValue
        at = WebhookEvent.iso(m.at)
    }

    enum CodingKeys: String, CodingKey {
        case conversation, seq, topic, sender, senderName = "sender_name", text, language, kind, at
    }
}

/// `minutes.created`'s data.
struct MinutesData: Encodable {
    var meeting: String
    var title: String
    var host: String
    var conversation: String?
    var language: String
    var minutes: Minutes
}

/// `followup.created` and `followup.updated`'s data: the follow-up whole, history included.
struct FollowUpData: Encodable {
    var followup: FollowUp
}
