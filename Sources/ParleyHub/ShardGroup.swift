import ParleyDomain
import Synchronization

/// What the hub's shards share.
///
/// A shard is one libwebsockets context with its own service thread and its own `HubCore`; it
/// owns the connections the listener hands it. Everything a shard needs to know about other
/// shards' work reaches it through its mailbox: store commits and directory changes are posted
/// to every shard, in the same order, so each keeps its own copy of the directory and lanes.
final class ShardGroup: Sendable {
    let count: Int
    let metrics = HubMetrics()
    /// Renders each committed message once per language for all shards.
    let renderings: RenderingBoard
    private let mailboxes = Mutex<[Mailbox]>([])

    init(count: Int, localizer: any MessageLocalizing) {
        self.count = count
        renderings = RenderingBoard(shards: count, localizer: localizer, timer: metrics.localizeTimer)
    }

    func add(_ mailbox: Mailbox) { mailboxes.withLock { $0.append(mailbox) } }

    /// Posts a job to every shard (but `skipping`, which has already done it).
    func broadcast(skipping: Int? = nil, _ job: @escaping Mailbox.Job) {
        for (index, mailbox) in mailboxes.withLock({ $0 }).enumerated() where index != skipping { mailbox.post(job) }
    }
}

/// Adds up what every shard reports, then calls `completion` once.
final class ShardTally: Sendable {
    private let state: Mutex<(left: Int, sum: Int)>
    private let completion: @Sendable (Int) -> Void

    init(shards: Int, completion: @escaping @Sendable (Int) -> Void) {
        state = Mutex((shards, 0))
        self.completion = completion
    }

    func add(_ value: Int) {
        let total: Int? = state.withLock { s in
            s.left -= 1
            s.sum += value
            return s.left == 0 ? s.sum : nil
        }
        if let total { completion(total) }
    }
}

/// Collects which shards answered yes, then calls `completion` once with them in order.
final class ShardCollection: Sendable {
    private let state: Mutex<(left: Int, yes: [Int])>
    private let completion: @Sendable ([Int]) -> Void

    init(shards: Int, completion: @escaping @Sendable ([Int]) -> Void) {
        state = Mutex((shards, []))
        self.completion = completion
    }

    func add(_ shard: Int, holds: Bool) {
        let done: [Int]? = state.withLock { s in
            s.left -= 1
            if holds { s.yes.append(shard) }
            return s.left == 0 ? s.yes.sorted() : nil
        }
        if let done { completion(done) }
    }
}
