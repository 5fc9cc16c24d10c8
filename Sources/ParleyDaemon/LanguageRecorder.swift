import Foundation
import ParleyDomain
import ParleyStore
import Synchronization

/// Remembers the language each connecting user's token declares (for minutes to offline attendees),
/// off the connection path and in batches: the first write flushes after a short delay, so a
/// thousand users connecting at once cost one transaction, not a thousand fsyncs.
final class LanguageRecorder: Sendable {
    private let store: Store
    private let pending = Mutex<(languages: [UserRef: Language], scheduled: Bool)>(([:], false))

    init(store: Store) { self.store = store }

    func record(_ user: UserRef, _ language: Language) {
        let schedule = pending.withLock { state -> Bool in
            state.languages[user] = language
            defer { state.scheduled = true }
            return !state.scheduled
        }
        guard schedule else { return }
        Task.detached { [self] in
            try? await Task.sleep(for: .milliseconds(100))
            flush()
        }
    }

    /// Writes what is pending now (also called when the daemon stops).
    func flush() {
        let batch = pending.withLock { state -> [UserRef: Language] in
            defer { state = ([:], false) }
            return state.languages
        }
        try? store.rememberLanguages(batch)
    }
}
