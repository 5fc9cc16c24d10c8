import Metrics

/// The notification bus's side of `/metrics`.
struct BusMetrics: Sendable {
    let sent = Counter(label: "parley_bus_notifications_sent_total")
    let received = Counter(label: "parley_bus_notifications_received_total")
    let reconnects = Counter(label: "parley_bus_reconnects_total")
}
