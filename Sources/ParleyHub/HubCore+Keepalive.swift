import ParleyDomain

/// Keepalive: a session the peer has been silent on for `pingInterval` seconds gets a WebSocket
/// ping; one silent for `idleTimeout` seconds is closed (1001). Any frame or pong from the peer
/// counts as heard.
///
/// libwebsockets can do this itself ("validity"), but it keeps a timer per connection in a list
/// sorted by deadline that each arm walks from its head: O(connections) per new connection, which
/// made a reconnect storm of 17,000 clients quadratic. Here one sweep per shard walks the
/// sessions once per period instead; the shard's event loop has a timer that wakes it for that
/// (`cws_loop_add_tick`), and `endOfPass` runs the sweep when it is due.
extension HubCore {
    /// The sweep period: a tenth of the shorter of the two intervals, between 0.25 s and 5 s (a
    /// ping goes out at most one period late); nil when both are 0 (keepalive off).
    static func keepaliveSweepSeconds(_ configuration: HubConfiguration) -> Double? {
        let intervals = [configuration.pingInterval, configuration.idleTimeout].filter { $0 > 0 }
        guard let shortest = intervals.min() else { return nil }
        return min(max(Double(shortest) / 10, 0.25), 5)
    }

    /// The peer answered a ping.
    func heard(_ id: UInt64) {
        sessions[id]?.heard(at: Self.now())
    }

    func sweepKeepalive(now: Double) {
        keepalive.next = now + keepalive.period
        let ping = Double(configuration.pingInterval)
        let idle = Double(configuration.idleTimeout)
        for session in sessions.values where session.closing == nil {
            let silent = now - session.lastHeard
            if idle > 0 && silent >= idle {
                metrics.idleClosed.increment()
                close(session, .goingAway, "nothing heard for \(configuration.idleTimeout) s")
            } else if ping > 0 && silent >= ping && !session.pinged {
                session.pinged = true
                session.pingDue = true
                session.connection.requestWritable()
            }
        }
    }
}
