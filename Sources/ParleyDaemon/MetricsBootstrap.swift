import Metrics
import Prometheus
import Synchronization

/// Installs the Prometheus factory once per process (the metrics system is process-wide).
enum MetricsBootstrap {
    static let registry = PrometheusCollectorRegistry()
    private static let done = Mutex(false)

    static func once() {
        let first = done.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        if first { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }
    }
}
