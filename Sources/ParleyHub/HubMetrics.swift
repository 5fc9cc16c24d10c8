import Metrics

/// The hub's counters, exported by the daemon at /metrics.
struct HubMetrics {
    let connections = Gauge(label: "parley_connections")
    let connectionsCount = Counter(label: "parley_connections_opened_total")
    let framesIn = Counter(label: "parley_frames_in_total")
    let framesOut = Counter(label: "parley_frames_out_total")
    let framesRejected = Counter(label: "parley_frames_rejected_total")
    let deliveries = Counter(label: "parley_deliveries_total")
    let slowConsumers = Counter(label: "parley_queue_cutoffs_total")
    let errors = Counter(label: "parley_error_frames_total")
    let messagesStored = Counter(label: "parley_messages_stored_total")
    let localizeTimer = Metrics.Timer(label: "parley_localize_seconds")
}

/// A gauge that counts up and down (swift-metrics' Gauge only records a value).
final class Gauge {
    private let gauge: Metrics.Gauge
    private var value = 0
    init(label: String) { gauge = Metrics.Gauge(label: label) }
    func increment() { value += 1; gauge.record(value) }
    func decrement() { value -= 1; gauge.record(value) }
}
