import Foundation
import Logging
import Metrics
import ParleyDomain
import ParleyHub
import ParleyStore
import Synchronization

/// Cluster mode: delivers what other nodes commit to this node's sessions.
///
/// The database is the only source of truth. The store's notifications are hints ("conversation C
/// has messages up to N"); the link reads the messages from the store and hands them to the hub,
/// which fans them out through each session's `DeliveryCursor`, so a message arrives once, in
/// order, wherever it was written. A hint may be lost (the listening connection dropped): after
/// every reconnect, and every `resyncInterval`, the link compares every conversation's newest
/// sequence number and directory version with what it delivered, and reads what it missed. A lost
/// hint costs latency, never a message.
///
/// This node's own commits reach the hub through `localCommitted`, under the same lock as remote
/// ones, so the hub sees each conversation in sequence order and nothing twice.
public final class ClusterLink: Sendable {
    private struct State {
        /// The newest sequence number handed to the hub, per conversation.
        var delivered: [String: Int64] = [:]
        /// The directory version last loaded, per conversation.
        var versions: [String: Int64] = [:]
        /// Messages handed to this node's writer and not yet reported, by token: a store read may
        /// see them committed before the writer reports them, and must leave them to that report
        /// (their sender gets an ack, not the message).
        var pendingLocal: [UInt64: String] = [:]
        var pendingKeys: Set<String> = []
        /// Conversations whose read stopped at a pending local message: read again after the report.
        var deferred: Set<String> = []
        var tasks: [Task<Void, Never>] = []
    }

    private let store: any Store
    private let hub: Hub
    private let events: AsyncStream<StoreEvent>
    private let logger: Logger
    private let resyncInterval: Duration
    private let state = Mutex(State())
    private let metrics = ClusterMetrics()
    static let page = 256

    public init(store: any Store, hub: Hub, events: AsyncStream<StoreEvent>, logger: Logger, resyncInterval: Duration = .seconds(2)) {
        self.store = store
        self.hub = hub
        self.events = events
        self.logger = logger
        self.resyncInterval = resyncInterval
    }

    /// Starts following other nodes from the directory the hub loaded.
    /// - Parameter minutesStored: pushes minutes another node stored to attendees connected here.
    public func start(directory: [Conversation], minutesStored: @escaping @Sendable (String) async -> Void) {
        state.withLock { s in
            for c in directory { s.delivered[c.id] = max(s.delivered[c.id] ?? 0, c.lastSeq) }
        }
        let listen = Task { [self] in
            for await event in events {
                metrics.hints.increment()
                switch event {
                case .committed(let conversation, let seq): await readForward(conversation, upTo: seq)
                case .directoryChanged(let conversation): await reloadDirectory(conversation)
                case .minutesStored(let meeting): await minutesStored(meeting)
                case .userDeactivated(let user): hub.disconnect(user, reason: "deactivated")
                case .resynchronize: await resynchronize(reason: "notification channel reconnected")
                }
            }
        }
        let timer = Task { [self] in
            await resynchronize(reason: nil)
            while !Task.isCancelled {
                try? await Task.sleep(for: resyncInterval)
                if Task.isCancelled { break }
                await resynchronize(reason: nil)
            }
        }
        state.withLock { $0.tasks = [listen, timer] }
    }

    public func stop() async {
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            defer { s.tasks = [] }
            return s.tasks
        }
        for task in tasks { task.cancel() }
    }

    /// Messages this node hands its writer (before it does).
    public func willAppend(_ batch: [(OutgoingMessage, token: UInt64)]) {
        state.withLock { s in
            for (m, token) in batch {
                let key = Self.key(m.sender, m.clientID)
                s.pendingLocal[token] = key
                s.pendingKeys.insert(key)
            }
        }
    }

    /// This node's commits (the group-commit writer's report): to the hub, noting what it delivered.
    public func localCommitted(_ outcomes: [CommittedMessage], rejected: [RejectedMessage]) {
        let again = state.withLock { s -> Set<String> in
            for token in outcomes.map(\.token) + rejected.map(\.token) {
                if let key = s.pendingLocal.removeValue(forKey: token) { s.pendingKeys.remove(key) }
            }
            for o in outcomes where !o.duplicate {
                s.delivered[o.message.conversation] = max(s.delivered[o.message.conversation] ?? 0, o.message.seq)
            }
            hub.committed(outcomes, rejected: rejected)
            defer { s.deferred = [] }
            return s.deferred
        }
        for conversation in again { Task { await readForward(conversation, upTo: .max) } }
    }

    static func key(_ sender: UserRef, _ clientID: String) -> String { "\(sender)\u{1}\(clientID)" }

    /// Reads a conversation's messages after what was delivered, up to `seq` (or the newest), and
    /// hands the new ones to the hub.
    func readForward(_ conversation: String, upTo seq: Int64) async {
        while true {
            let from = state.withLock { $0.delivered[conversation] ?? 0 }
            guard from < seq else { return }
            let read: (messages: [ChatMessage], lastSeq: Int64)
            do {
                read = try await store.catchUp(in: conversation, after: from, limit: Self.page, topics: nil)
            } catch {
                // The next hint or resynchronization retries.
                logger.warning("cluster catch-up read failed", metadata: ["cluster.conversation": "\(conversation)", "store.error": "\(error)"])
                return
            }
            metrics.catchUpReads.increment()
            let now = StoreClock.now()
            let complete = state.withLock { s -> Bool in
                let known = s.delivered[conversation] ?? 0
                var fresh = read.messages.filter { $0.seq > known }
                // Stop before a message this node's writer has not reported yet: the report
                // delivers it, in order, and this conversation is read again after it.
                if let mine = fresh.firstIndex(where: { s.pendingKeys.contains(Self.key($0.sender, $0.clientID)) }) {
                    fresh = Array(fresh[..<mine])
                    s.deferred.insert(conversation)
                }
                guard let last = fresh.last else { return !s.deferred.contains(conversation) }
                s.delivered[conversation] = last.seq
                hub.remoteCommitted(fresh)
                for m in fresh { metrics.latency.recordMilliseconds(max(0, now - m.at)) }
                metrics.remoteMessages.increment(by: Int64(fresh.count))
                return !s.deferred.contains(conversation)
            }
            if !complete || read.messages.count < Self.page { return }
        }
    }

    /// Loads a conversation's directory entry again (members, shares) and gives it to the hub.
    func reloadDirectory(_ id: String) async {
        do {
            guard let conversation = try await store.conversation(id) else { return }
            hub.conversationChanged(conversation)
        } catch {
            logger.warning("cluster directory read failed", metadata: ["cluster.conversation": "\(id)", "store.error": "\(error)"])
        }
    }

    /// Compares every conversation's newest message and directory version with what this node
    /// delivered, and catches up where it is behind.
    func resynchronize(reason: String?) async {
        let marks: [ConversationMark]
        do { marks = try await store.marks() } catch {
            logger.warning("cluster resynchronization read failed", metadata: ["store.error": "\(error)"])
            return
        }
        metrics.resyncs.increment()
        let (behind, changed) = state.withLock { s -> ([ConversationMark], [String]) in
            var changed: [String] = []
            for m in marks where s.versions[m.conversation] != m.directoryVersion {
                // The first pass only learns the versions of conversations the hub loaded.
                if s.versions[m.conversation] != nil || s.delivered[m.conversation] == nil { changed.append(m.conversation) }
                s.versions[m.conversation] = m.directoryVersion
            }
            return (marks.filter { $0.lastSeq > (s.delivered[$0.conversation] ?? 0) }, changed)
        }
        if let reason, !behind.isEmpty || !changed.isEmpty {
            logger.notice("cluster resynchronized", metadata: ["cluster.reason": "\(reason)", "cluster.conversations": "\(behind.count)",
                                                               "cluster.directory": "\(changed.count)"])
        }
        for id in changed { await reloadDirectory(id) }
        for m in behind { await readForward(m.conversation, upTo: m.lastSeq) }
    }
}

/// The bus's side of `/metrics` (the store counts the notifications it sends).
struct ClusterMetrics: Sendable {
    let hints = Counter(label: "parley_cluster_hints_received_total")
    let catchUpReads = Counter(label: "parley_cluster_catchup_reads_total")
    let resyncs = Counter(label: "parley_cluster_resyncs_total")
    let remoteMessages = Counter(label: "parley_cluster_remote_messages_total")
    /// From the writing node's commit time to this node handing the message to its hub.
    let latency = Metrics.Timer(label: "parley_cluster_delivery_seconds")
}

extension Metrics.Timer {
    func recordMilliseconds(_ ms: Int64) { recordNanoseconds(ms * 1_000_000) }
}
