import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyStore
import ParleyTranslation
import Synchronization

/// Corrections that stick: members suggest a better rendering of a message (`translation.suggest`),
/// an admin of the conversation's tenant accepts or rejects it (or the tenant accepts some authors'
/// at once), and accepted corrections enter that tenant's translation memory, which the translator
/// consults before any engine. docs/translation.md, "Corrections"; docs/protocol.md, "Translation
/// corrections".
///
/// The store is the truth: the memory is loaded from it at `attach` and every acceptance is
/// committed before the in-process memory learns it, so a restart keeps every correction.
public final class CorrectionDesk: Sendable {
    /// The translator's memory (`Translator.memory` of the localizer the hub renders with).
    let memory: SharedTranslationMemory
    /// Detects a message's source language the way renderings do, and gives the machine rendering.
    let localizer: any MessageLocalizing
    let logger: Logger
    private let attachedStore = Mutex<(any Store)?>(nil)
    /// The newest acceptance time learnt from the store (milliseconds since 1970).
    private let newest = Mutex<Int64>(0)
    /// The most suggestions one listing returns.
    static let listLimit = 200
    /// Cluster mode: how often a node reads what other nodes accepted, and how far back it reads
    /// again (acceptance times come from each node's clock).
    static let refreshSeconds = 2.0
    static let clockSlack: Int64 = 60_000

    public init(memory: SharedTranslationMemory, localizer: any MessageLocalizing, logger: Logger) {
        self.memory = memory
        self.localizer = localizer
        self.logger = logger
    }

    /// Binds the desk to the daemon's store and loads every tenant's accepted corrections. In cluster
    /// mode (a store with hints: other nodes write too) it then reads, every `refreshSeconds`, what
    /// was accepted since, so a correction accepted on another node is used here within seconds.
    public func attach(store: any Store) async throws {
        let entries = try await store.memoryEntries(acceptedSince: 0)
        learn(entries)
        attachedStore.withLock { $0 = store }
        if !entries.isEmpty { logger.info("translation memory loaded", metadata: ["translation.memory.entries": "\(entries.count)"]) }
        guard store.events != nil else { return }
        Task { [weak self] in
            while let self, let store = self.store {
                try? await Task.sleep(for: .seconds(Self.refreshSeconds))
                let since = max(0, self.newest.withLock { $0 } - Self.clockSlack)
                do { self.learn(try await store.memoryEntries(acceptedSince: since)) } catch {
                    self.logger.warning("translation memory not refreshed", metadata: ["store.error": "\(error)"])
                }
            }
        }
    }

    /// Stops answering frames and refreshing (the daemon is stopping).
    public func detach() { attachedStore.withLock { $0 = nil } }

    /// Adds accepted corrections to the translator's memory (a newer acceptance of a source wins).
    func learn(_ entries: [TranslationMemoryEntry]) {
        for entry in entries { memory.add(entry) }
        guard let last = entries.map(\.acceptedAt).max() else { return }
        let ms = Int64(last.timeIntervalSince1970 * 1000)
        newest.withLock { $0 = max($0, ms) }
    }

    var store: (any Store)? { attachedStore.withLock { $0 } }

    /// Answers one `translation.*` frame.
    public func handle(_ request: TranslationRequest, requestID: String?, from identity: Identity, reply: ExtensionReplier) async {
        do throws(ProtocolError) {
            guard let store else { throw ProtocolError(.internalError, "corrections are not running (the daemon is stopping)") }
            switch request {
            case .suggest(let conversation, let seq, let language, let text):
                reply(try await suggest(conversation: conversation, seq: seq, into: language, text: text, by: identity, store: store,
                                        requestID: requestID))
            case .list(let state):
                reply(try await list(state, for: identity, store: store, requestID: requestID))
            case .accept(let id):
                reply(try await decide(id, accept: true, by: identity, store: store, requestID: requestID))
            case .reject(let id):
                reply(try await decide(id, accept: false, by: identity, store: store, requestID: requestID))
            }
        } catch {
            var e = error
            e.requestID = requestID
            reply(ServerFrames.error(e))
        }
    }

    /// A store failure as a protocol error: refusals and conflicts in their words, the rest logged.
    func protocolError(_ error: any Error, kind: String, user: UserRef) -> ProtocolError {
        if let e = error as? StoreError {
            switch e.kind {
            case .notFound: return ProtocolError(.notFound, e.message)
            case .conflict: return ProtocolError(.conflict, e.message)
            case .refused: return ProtocolError(.forbidden, e.message)
            case .unavailable: return ProtocolError(.unavailable, e.message)
            case .database: break
            }
        }
        logger.error("translation request failed", metadata: ["translation.request": "\(kind)", "translation.user": "\(user)",
                                                              "store.error": "\(error)"])
        return ProtocolError(.internalError, "\(kind) failed: \(error)")
    }
}
