import Metrics
import Synchronization

/// The hub's counters, exported by the daemon at /metrics. One instance, shared by every shard.
final class HubMetrics: Sendable {
    let connections = Gauge(label: "parley_connections")
    let framesIn = Counter(label: "parley_frames_in_total")
    let framesOut = Counter(label: "parley_frames_out_total")
    let writes = Counter(label: "parley_socket_writes_total")
    let framesRejected = Counter(label: "parley_frames_rejected_total")
    let deliveries = Counter(label: "parley_deliveries_total")
    let slowConsumers = Counter(label: "parley_queue_cutoffs_total")
    /// Sessions closed by the keepalive: nothing heard from the peer for the idle timeout.
    let idleClosed = Counter(label: "parley_idle_closed_total")
    let errors = Counter(label: "parley_error_frames_total")
    /// WebSocket upgrades refused because their `Origin` is not the public URL's.
    let foreignOrigins = Counter(label: "parley_websocket_foreign_origin_total")
    let messagesStored = Counter(label: "parley_messages_stored_total")
    /// Catch-ups (resumes with `since`, gaps) read from the store, and those served by another's read.
    let catchUpReads = Counter(label: "parley_catchup_reads_total")
    let catchUpsShared = Counter(label: "parley_catchups_shared_total")
    let localizeTimer = Metrics.Timer(label: "parley_localize_seconds")
}

/// A gauge that counts up and down (swift-metrics' Gauge only records a value), from any thread.
final class Gauge: Sendable {
    private let gauge: Metrics.Gauge
    private let value = Atomic<Int>(0)
    init(label: String) { gauge = Metrics.Gauge(label: label) }

    /// Returns the new value.
    @discardableResult
    func increment() -> Int {
        let now = value.add(1, ordering: .relaxed).newValue
        gauge.record(now)
        return now
    }

    func decrement() {
        gauge.record(value.subtract(1, ordering: .relaxed).newValue)
    }
}
