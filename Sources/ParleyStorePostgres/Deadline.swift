import Synchronization

/// An answer within a time limit, without waiting for an operation that does not heed cancellation
/// (a query in flight on a dead connection): the operation runs on, its late answer is dropped.
enum Deadline {
    static func race<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
        let waiting = Waiting<T>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            waiting.set(continuation)
            let timer = Task {
                do { try await Task.sleep(for: limit) } catch { return }
                waiting.resume(returning: nil)
            }
            Task {
                waiting.resume(returning: await operation())
                timer.cancel()
            }
        }
    }

    /// The one continuation both racers may resume; the first one does.
    private final class Waiting<T: Sendable>: Sendable {
        private let continuation = Mutex<CheckedContinuation<T?, Never>?>(nil)

        func set(_ c: CheckedContinuation<T?, Never>) { continuation.withLock { $0 = c } }

        @discardableResult
        func resume(returning value: T?) -> Bool {
            guard let c = continuation.withLock({ $0.take() }) else { return false }
            c.resume(returning: value)
            return true
        }
    }
}
