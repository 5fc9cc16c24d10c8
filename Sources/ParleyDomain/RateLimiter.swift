/// A token bucket: `rate` frames per second with bursts up to `burst`.
public struct RateLimiter: Sendable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var last: Double
    /// Consecutive refusals; a client that keeps pushing past the limit is cut off.
    public private(set) var strikes = 0

    public init(rate: Double, burst: Double, now: Double) {
        self.rate = rate
        self.burst = max(burst, 1)
        self.tokens = max(burst, 1)
        self.last = now
    }

    /// Takes one token at time `now` (seconds); false when the bucket is empty.
    public mutating func allow(now: Double) -> Bool {
        tokens = min(burst, tokens + (now - last) * rate)
        last = now
        if tokens >= 1 { tokens -= 1; strikes = 0; return true }
        strikes += 1
        return false
    }
}
