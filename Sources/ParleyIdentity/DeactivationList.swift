import ParleyDomain
import Synchronization

/// Users deactivated while this node runs: refused without a store read.
final class DeactivationList: Sendable {
    private let users = Mutex<Set<UserRef>>([])

    func insert(_ user: UserRef) { users.withLock { _ = $0.insert(user) } }
    func remove(_ user: UserRef) { users.withLock { _ = $0.remove(user) } }
    func contains(_ user: UserRef) -> Bool { users.withLock { $0.contains(user) } }
}
