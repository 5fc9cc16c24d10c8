import ParleyCluster
import ParleyHub
import Synchronization

/// The hub, set once it exists. The backend needs it (bot posts, directory changes) and the hub
/// needs the backend, so one side is bound late.
final class HubReference: Sendable {
    private let hub = Mutex<Hub?>(nil)
    func set(_ value: Hub) { hub.withLock { $0 = value } }
    var value: Hub? { hub.withLock { $0 } }
}

/// Cluster mode's link, set once the hub exists; the writer hands it this node's commits.
final class ClusterReference: Sendable {
    private let link = Mutex<ClusterLink?>(nil)
    func set(_ value: ClusterLink?) { link.withLock { $0 = value } }
    var value: ClusterLink? { link.withLock { $0 } }
}
