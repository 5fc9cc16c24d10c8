import ParleyHub
import Synchronization

/// The hub, set once it exists. The backend needs it (bot posts, directory changes) and the hub
/// needs the backend, so one side is bound late.
final class HubReference: Sendable {
    private let hub = Mutex<Hub?>(nil)
    func set(_ value: Hub) { hub.withLock { $0 = value } }
    var value: Hub? { hub.withLock { $0 } }
}
