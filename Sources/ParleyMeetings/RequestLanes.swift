import ParleyDomain
import Synchronization

/// Runs the meeting requests of each user one after another, in the order they arrived, while
/// different users' requests run concurrently. The hub hands every frame to its own task, and tasks
/// may start in any order; a host's `meeting.end` must not overtake the utterances before it.
final class RequestLanes: Sendable {
    typealias Job = @Sendable () async -> Void
    private let lanes = Mutex<[UserRef: AsyncStream<Job>.Continuation]>([:])

    func submit(_ user: UserRef, _ job: @escaping Job) {
        let lane = lanes.withLock { lanes -> AsyncStream<Job>.Continuation in
            if let lane = lanes[user] { return lane }
            let (stream, continuation) = AsyncStream<Job>.makeStream()
            Task { for await job in stream { await job() } }
            lanes[user] = continuation
            return continuation
        }
        lane.yield(job)
    }

    /// Ends every lane once its queued jobs have run.
    func finish() {
        let all = lanes.withLock { lanes -> [AsyncStream<Job>.Continuation] in
            defer { lanes = [:] }
            return Array(lanes.values)
        }
        for lane in all { lane.finish() }
    }
}
