import Foundation
import Logging
import ParleyDomain
import ParleyStore
import Synchronization

/// Remembers the language each connecting user's token declares (for minutes to offline attendees),
/// off the connection path and in batches: the first write flushes after a short delay, so a
/// thousand users connecting at once cost one transaction, not a thousand fsyncs.
final class LanguageRecorder: Sendable {
    private let store: any Store
    private let pending = Mutex<(languages: [UserRef: Language], scheduled: Bool)>(([:], false))
    /// The flush running or last run: each flush waits for the one before it.
    private let lastFlush = Mutex<Task<Void, Never>?>(nil)
    private let logger: Logger

    init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    func record(_ user: UserRef, _ language: Language) {
        let schedule = pending.withLock { state -> Bool in
            state.languages[user] = language
            defer { state.scheduled = true }
            return !state.scheduled
        }
        guard schedule else { return }
        Task.detached { [self] in
            try? await Task.sleep(for: .milliseconds(100))
            await flush()
        }
    }

    /// Writes what is pending now (also called when the daemon stops, and before minutes are
    /// rendered). One flush at a time: a caller returns only once an earlier flush that took the
    /// pending languages has written them, so what it reads next includes them.
    func flush() async {
        let task = lastFlush.withLock { last -> Task<Void, Never> in
            let previous = last
            let task = Task { [self] in
                await previous?.value
                let batch = pending.withLock { state -> [UserRef: Language] in
                    defer { state = ([:], false) }
                    return state.languages
                }
                do { try await store.rememberLanguages(batch) } catch {
                    logger.error("could not remember users' languages", metadata: ["store.error": "\(error)", "store.users": "\(batch.count)"])
                }
            }
            last = task
            return task
        }
        await task.value
    }
}
