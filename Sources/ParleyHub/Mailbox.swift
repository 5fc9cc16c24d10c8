import Synchronization

/// Work for the service thread, posted from any thread.
///
/// libwebsockets may only be called on its service thread, with one exception:
/// `lws_cancel_service`, which wakes it. Other threads append a closure here and wake it
/// once; the service thread drains the whole queue in one go.
final class Mailbox: Sendable {
    typealias Job = @Sendable (HubCore) -> Void

    private let jobs = Mutex<[Job]>([])
    private let wake: @Sendable () -> Void

    init(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    func post(_ job: @escaping Job) {
        let first = jobs.withLock { queue -> Bool in
            queue.append(job)
            return queue.count == 1
        }
        if first { wake() }
    }

    /// Takes everything queued. Service thread only.
    func drain() -> [Job] {
        jobs.withLock { queue in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
    }
}
