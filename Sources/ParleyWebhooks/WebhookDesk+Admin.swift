import Foundation
import ParleyDomain
import ParleyHub

/// The admin API: `/api/v1/webhooks…`, each endpoint seen and changed only by its tenant's admins.
extension WebhookDesk {
    static let list = FeatureRoute("GET", "/api/v1/webhooks")
    static let create = FeatureRoute("POST", "/api/v1/webhooks")
    static let remove = FeatureRoute("DELETE", "/api/v1/webhooks/{id}")
    static let enable = FeatureRoute("POST", "/api/v1/webhooks/{id}/enable")
    static let rotate = FeatureRoute("POST", "/api/v1/webhooks/{id}/rotate")
    static let ping = FeatureRoute("POST", "/api/v1/webhooks/{id}/test")
    static let log = FeatureRoute("GET", "/api/v1/webhooks/{id}/deliveries")
    static let redeliverOne = FeatureRoute("POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver")
    static let redeliverFailed = FeatureRoute("POST", "/api/v1/webhooks/{id}/redeliver")
    static let allRoutes = [list, create, remove, enable, rotate, ping, log, redeliverOne, redeliverFailed]

    func answer(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String], identity: Identity,
                _ services: Services) async throws(ProtocolError) -> HTTPResponse {
        let tenant = identity.user.tenant
        if route == Self.list {
            let endpoints = try await read { try await services.store.webhooks(tenant: tenant) }
            return .json(200, EndpointList(webhooks: endpoints.map { EndpointView($0) }))
        }
        if route == Self.create { return try await register(request.body, by: identity, services) }
        // Every other route names an endpoint of the caller's tenant.
        guard let id = parameters["id"], let endpoint = try await read({ try await services.store.webhook(id) }), endpoint.tenant == tenant else {
            throw ProtocolError(.notFound, "no webhook \(parameters["id"] ?? "") in tenant \(tenant)")
        }
        switch route {
        case Self.remove:
            try await read { try await services.store.deleteWebhook(id) }
            await reloadEndpoints()
            return .json(200, Count(count: 1))
        case Self.enable:
            var changed = endpoint
            changed.enabled = true
            changed.disabledReason = nil
            try await read { try await services.store.replaceWebhook(changed) }
            await reloadEndpoints()
            return .json(200, EndpointView(changed))
        case Self.rotate:
            var changed = endpoint
            let secret = WebhookSignature.newSecret()
            changed.secrets = [secret] + endpoint.secrets.prefix(1)
            changed.retiringUntil = now + Int64(configuration.rotationOverlap * 1000)
            try await read { try await services.store.replaceWebhook(changed) }
            await reloadEndpoints()
            return .json(200, EndpointView(changed, secret: secret))
        case Self.ping:
            let event = WebhookEvent(.ping, tenant: tenant, key: "\(id)|\(now)", at: now, data: Ping(webhook: id))
            try await read { try await services.store.enqueueDeliveries([event.delivery(to: endpoint, at: now)]) }
            return .json(202, Count(count: 1))
        case Self.log:
            let status = try Self.status(in: request.query)
            let deliveries = try await read { try await services.store.deliveries(endpoint: id, status: status, limit: 200) }
            return .json(200, DeliveryLog(webhook: EndpointView(endpoint), deliveries: deliveries.map(DeliveryView.init)))
        case Self.redeliverOne:
            let count = try await read { try await services.store.redeliver(endpoint: id, delivery: parameters["delivery"], now: now) }
            guard count == 1 else {
                throw ProtocolError(.notFound, "no failed delivery \(parameters["delivery"] ?? "") of webhook \(id) (only failed ones are redelivered)")
            }
            return .json(202, Count(count: count))
        default:
            let count = try await read { try await services.store.redeliver(endpoint: id, delivery: nil, now: now) }
            return .json(202, Count(count: count))
        }
    }

    /// `POST /api/v1/webhooks` `{"url": …, "events": […]}`: answers the endpoint with its secret, shown only here.
    func register(_ body: [UInt8], by identity: Identity, _ services: Services) async throws(ProtocolError) -> HTTPResponse {
        struct Body: Decodable { var url: String?; var events: [String]? }
        let b = try ClientFrameParser.decode(Body.self, from: Data(body)).get()
        guard let url = b.url else { throw ProtocolError(.badFrame, "the body needs 'url' (an http or https URL)") }
        try await check(url)
        let known = Set(WebhookEventType.allCases.map(\.rawValue)).subtracting([WebhookEventType.ping.rawValue])
        guard let events = b.events, !events.isEmpty else {
            throw ProtocolError(.badFrame, "the body needs 'events', some of: \(known.sorted().joined(separator: ", "))")
        }
        if let unknown = events.first(where: { !known.contains($0) }) {
            throw ProtocolError(.badFrame, "unknown event type '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
        }
        let secret = WebhookSignature.newSecret()
        let endpoint = WebhookEndpoint(id: "wh_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20),
                                       tenant: identity.user.tenant, url: url, events: Set(events), secrets: [secret],
                                       createdBy: identity.user, createdAt: now)
        try await read { try await services.store.insertWebhook(endpoint) }
        await reloadEndpoints()
        logger.info("webhook registered", metadata: ["webhook.id": "\(endpoint.id)", "webhook.tenant": "\(endpoint.tenant)"])
        return .json(201, EndpointView(endpoint, secret: secret))
    }

    /// Refuses what is not an http(s) URL with a host, or a host that resolves to an address not
    /// allowed. (A name that does not resolve now is accepted: every attempt resolves and checks again.)
    func check(_ url: String) async throws(ProtocolError) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty else {
            throw ProtocolError(.badFrame, "'url' must be an http or https URL with a host, not '\(url.prefix(200))'")
        }
        guard url.utf8.count <= 2_000 else { throw ProtocolError(.badFrame, "'url' is longer than 2000 bytes") }
        guard let addresses = try? await WebhookSender.resolve(host) else { return }
        if let refusal = addresses.lazy.compactMap(policy.refusal).first {
            throw ProtocolError(.badFrame, "'url' is refused: \(host) resolves to \(refusal)")
        }
    }

    static func status(in query: String?) throws(ProtocolError) -> WebhookDelivery.Status? {
        guard let item = URLComponents(string: "?" + (query ?? ""))?.queryItems?.first(where: { $0.name == "status" }),
              let value = item.value else { return nil }
        guard let status = WebhookDelivery.Status(rawValue: value) else {
            throw ProtocolError(.badQuery, "'status' must be pending, delivered or failed, not '\(value)'")
        }
        return status
    }

    /// A store call whose failure the admin sees as `internal`, with the store's reason.
    func read<T>(_ body: () async throws -> T) async throws(ProtocolError) -> T {
        do { return try await body() } catch {
            logger.warning("webhook store call failed", metadata: ["store.error": "\(error)"])
            throw ProtocolError(.internalError, "the webhooks could not be read or written: \(error)")
        }
    }
}

struct EndpointView: Encodable {
    var id: String
    var url: String
    var events: [String]
    var enabled: Bool
    var disabledReason: String?
    var createdBy: String
    var createdAt: Int64
    /// Only when it was just made (registration, rotation).
    var secret: String?

    init(_ e: WebhookEndpoint, secret: String? = nil) {
        id = e.id
        url = e.url
        events = e.events.sorted()
        enabled = e.enabled
        disabledReason = e.disabledReason
        createdBy = e.createdBy.description
        createdAt = e.createdAt
        self.secret = secret
    }

    enum CodingKeys: String, CodingKey {
        case id, url, events, enabled, disabledReason = "disabled_reason", createdBy = "created_by", createdAt = "created_at", secret
    }
}

struct EndpointList: Encodable { var webhooks: [EndpointView] }
struct Count: Encodable { var count: Int }
struct Ping: Encodable { var webhook: String }

struct DeliveryView: Encodable {
    var id: String
    var eventID: String
    var type: String
    var status: String
    var attempts: Int
    var createdAt: Int64
    var nextAttemptAt: Int64?
    var lastAttemptAt: Int64?
    var response: Int?
    var error: String?

    init(_ d: WebhookDelivery) {
        id = d.id
        eventID = d.eventID
        type = d.eventType
        status = d.status.rawValue
        attempts = d.attempts
        createdAt = d.createdAt
        nextAttemptAt = d.status == .pending ? d.nextAttemptAt : nil
        lastAttemptAt = d.lastAttemptAt
        response = d.lastResponse
        error = d.lastError
    }

    enum CodingKeys: String, CodingKey {
        case id, eventID = "event_id", type, status, attempts, createdAt = "created_at", nextAttemptAt = "next_attempt_at",
             lastAttemptAt = "last_attempt_at", response, error
    }
}

struct DeliveryLog: Encodable {
    var webhook: EndpointView
    var deliveries: [DeliveryView]
}
