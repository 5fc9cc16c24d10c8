/// What one attempt's answer means for its delivery: a pure decision, tested without a network.
public enum AttemptVerdict: Sendable, Equatable {
    case delivered
    /// Try again at this instant (milliseconds since 1970).
    case retry(at: Int64)
    /// Out of attempts.
    case failed
    /// 410 Gone: the receiver asks never to be called again; the endpoint is disabled.
    case gone
}

/// The Standard Webhooks retry rules over a schedule of delays.
public struct RetrySchedule: Sendable {
    public var delays: [Double]
    /// Retry-After is honoured up to this many seconds.
    public var longestRetryAfter: Double = 24 * 3600

    public init(delays: [Double]) { self.delays = delays }

    /// The verdict on attempt number `attempt` (1 for the first) that ended at `now` with HTTP
    /// `status` (nil: no answer) and the receiver's `Retry-After` seconds. `jitter` in -1...1
    /// spreads retries by up to a tenth of their delay, so a receiver back from an outage is not
    /// hit by every delivery in the same second.
    public func verdict(attempt: Int, status: Int?, retryAfter: Double?, now: Int64, jitter: Double) -> AttemptVerdict {
        if let status, (200..<300).contains(status) { return .delivered }
        if status == 410 { return .gone }
        guard attempt <= delays.count else { return .failed }
        var delay = delays[attempt - 1] * (1 + max(-1, min(1, jitter)) / 10)
        if let status, [429, 502, 504].contains(status), let retryAfter, retryAfter >= 0 {
            delay = min(retryAfter, longestRetryAfter)
        }
        return .retry(at: now + Int64(delay * 1000))
    }
}
