import Foundation

/// How webhooks are delivered (`webhook_allow_hosts` and friends in parleyd's settings).
public struct WebhookConfiguration: Sendable {
    /// Addresses or CIDR ranges that may be called even though they are loopback, link-local or
    /// private (`webhook_allow_hosts`, `PARLEY_WEBHOOK_ALLOW_HOSTS`). Empty: only public addresses.
    public var allowHosts: [String] = []
    /// Seconds to wait after each failed attempt: the Standard Webhooks example schedule, over three
    /// days. After the last one the delivery has failed.
    public var retrySchedule: [Double] = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400]
    /// A request that has not answered after this many seconds failed.
    public var requestTimeout: Double = 15
    /// Seconds between delivery passes.
    public var passInterval: Double = 1
    /// Deliveries one pass claims at most.
    public var passLimit = 100
    /// Failed deliveries in a row (each out of attempts) after which an endpoint is disabled.
    public var disableAfterFailures = 1
    /// How long a rotated-out secret still signs, in seconds.
    public var rotationOverlap: Double = 24 * 3600
    /// Milliseconds since 1970; tests move it.
    public var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    public init() {}
}
