import Foundation
import GRDB
import Logging
import Metrics
import ParleyDomain
import ParleyStore
import Synchronization

/// The message search index of an SQLite store: FTS5 in a database file of its own, kept up to
/// date by a thread of its own.
///
/// The message's transaction writes only the message's position (`message_positions`: a row at
/// the right edge of a rowid table). This thread reads the new positions, cuts their texts into
/// terms (`SearchText`) and writes them into FTS5 in large transactions on its own file, which has
/// its own write lock: FTS5's work runs beside the group-commit writer instead of inside it, and
/// the hub's shards no longer cut terms. docs/benchmarks.md, "Search", has the measurements.
///
/// - A search first waits until the index holds every position committed before it began
///   (`waitUntilIndexed`), so it never misses an acked message.
/// - The index records how far it got (`index_state.upto`) in the same transaction as its rows:
///   after a crash it resumes from there, and index and messages never disagree.
/// - The file is derived data. Deleted, of an older format, or ahead of the messages (a restored
///   main database), it is rebuilt from the messages, with progress in the log.
final class SQLiteSearchIndex: Sendable {
    /// The form of the index rows. Bump it when `SearchText.indexForm` or the tokenizer changes:
    /// an index of another format is rebuilt.
    static let format: Int64 = 1
    /// Positions indexed per transaction: large transactions leave fewer FTS5 segments to merge.
    static let batch = 2_048

    let path: String
    private let index: DatabaseQueue
    private let messages: DatabasePool
    private let searchText: SearchText
    private let logger: Logger
    private let state: Mutex<State>
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let lag = Gauge(label: "parley_search_index_lag_messages")

    /// A committed message as the writer hands it over.
    struct Entry: Sendable {
        var position: Int64
        var conversation: String
        var text: String
        var language: Language
    }

    /// Entries held in memory at most (`SQLiteConfiguration.searchQueueLimit`); past that,
    /// handed-over entries are dropped and the thread reads those messages back from the database.
    let maxQueued: Int

    private struct State {
        /// Every position up to this one is in the index.
        var indexed: Int64
        /// The newest position handed over (or found in the database at the start).
        var newest: Int64
        /// Handed-over entries not indexed yet, in position order.
        var queue: [Entry] = []
        /// Messages edited or deleted since they were handed over: their index row is replaced by
        /// the entry's text (removed when it is empty) once the position is indexed.
        var revisions: [Int64: Entry] = [:]
        /// CPU time the thread has spent indexing, in µs (read from its own clock after each batch).
        var cpuMicros: Double = 0
        var stopping = false
        var waiters: [UInt64: (position: Int64, continuation: CheckedContinuation<Bool, Never>)] = [:]
        var nextWaiter: UInt64 = 0
    }

    /// Opens (or creates, or rebuilds) the index at `path` for the messages of `messages`, and starts its thread.
    init(path: String, messages: DatabasePool, searchText: SearchText, maxQueued: Int, logger: Logger) throws {
        self.path = path
        self.maxQueued = maxQueued
        self.messages = messages
        self.searchText = searchText
        self.logger = logger
        index = try Self.open(path, logger: logger)
        let newest = try messages.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(position) FROM message_positions") } ?? 0
        let upto = try index.write { db -> Int64 in
            let row = try Row.fetchOne(db, sql: "SELECT format, upto FROM index_state")
            let format: Int64? = row?["format"]
            let upto: Int64 = row?["upto"] ?? 0
            var rebuild: String?
            if row == nil {
                rebuild = "a new index"
            } else if format != Self.format {
                rebuild = "the index has format \(format ?? 0), this parleyd writes \(Self.format)"
            } else if upto > newest {
                rebuild = "the index reaches position \(upto) but the messages only \(newest) (was the database restored from a backup?)"
            }
            guard let reason = rebuild else { return upto }
            if row != nil { logger.notice("rebuilding the search index", metadata: ["store.reason": "\(reason)"]) }
            try db.execute(sql: "DROP TABLE IF EXISTS message_search")
            // Each row's id is the message's position. `detail = none`: every term must match, in any
            // place (no phrase queries), so term positions are not stored; it halves what a row
            // writes. The conversation is a term too (`StoredForms.scopeTerm`), so that a search
            // intersects the asker's conversations inside the index.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE message_search USING fts5(
                    terms, tokenize = 'porter unicode61 remove_diacritics 2', detail = none);
                DELETE FROM index_state;
                """)
            try db.execute(sql: "INSERT INTO index_state(format, upto) VALUES (?, 0)", arguments: [Self.format])
            return 0
        }
        state = Mutex(State(indexed: upto, newest: newest))
        if newest - upto > Int64(Self.batch) {
            logger.notice("indexing stored messages for search", metadata: ["store.indexed": "\(upto)", "store.positions": "\(newest)"])
        }
        let thread = Thread { [self] in self.run() }
        thread.name = "parley-indexer"
        thread.start()
    }

    /// Opens the index database; one that cannot be read (a damaged file) is deleted and started
    /// afresh, as the index is derived from the messages.
    static func open(_ path: String, logger: Logger) throws -> DatabaseQueue {
        func prepared() throws -> DatabaseQueue {
            let queue = try DatabaseQueue(path: path)
            // Derived data: a commit need not reach the disk before the next one (a lost tail is indexed again).
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS index_state(format INTEGER NOT NULL, upto INTEGER NOT NULL)")
            }
            return queue
        }
        do {
            return try prepared()
        } catch {
            logger.warning("the search index cannot be opened; rebuilding it", metadata: ["store.path": "\(path)", "store.error": "\(error)"])
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            return try prepared()
        }
    }

    /// Messages just committed, in position order: index them. The writer hands their texts over so
    /// that the thread need not read them back (it does for what it missed: the backlog at the start,
    /// or what arrived while `maxQueued` entries were waiting).
    func committed(_ entries: [Entry]) {
        guard let last = entries.last else { return }
        state.withLock { s in
            s.newest = max(s.newest, last.position)
            if s.queue.count + entries.count <= maxQueued { s.queue.append(contentsOf: entries) }
        }
        wake.signal()
    }

    /// Messages whose text an edit replaced or a deletion erased (`text` empty), after the commit:
    /// an entry still queued gets the new text; a row already indexed is replaced (or removed) by
    /// the thread, in a transaction after any that might still write the old text.
    func revise(_ entries: [Entry]) {
        state.withLock { s in
            for e in entries {
                s.revisions[e.position] = e
                if let i = s.queue.firstIndex(where: { $0.position == e.position }) { s.queue[i].text = e.text }
            }
        }
        wake.signal()
    }

    /// Waits until every position up to `position` is indexed; false if that takes longer than
    /// `timeout` seconds or the index is stopping.
    func waitUntilIndexed(_ position: Int64, timeout: Double) async -> Bool {
        if state.withLock({ $0.indexed >= position && $0.revisions.isEmpty }) { return true }
        enum Registration { case indexed, stopping, waiting(UInt64) }
        return await withCheckedContinuation { continuation in
            let registration = state.withLock { s -> Registration in
                if s.indexed >= position && s.revisions.isEmpty { return .indexed }
                if s.stopping { return .stopping }
                s.nextWaiter += 1
                s.waiters[s.nextWaiter] = (position, continuation)
                return .waiting(s.nextWaiter)
            }
            switch registration {
            case .indexed: continuation.resume(returning: true)
            case .stopping: continuation.resume(returning: false)
            case .waiting(let id):
                wake.signal()
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
                    state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: false)
                }
            }
        }
    }

    /// How far the index is: positions indexed, the newest position committed, and the CPU time
    /// its thread has spent (µs).
    func progress() -> (indexed: Int64, newest: Int64, cpuMicros: Double) {
        state.withLock { ($0.indexed, $0.newest, $0.cpuMicros) }
    }

    /// Stops the thread after the transaction it is in (what is not indexed yet is at the next
    /// start) and closes the index. Waiting searches are told the index is gone.
    func stop() {
        let waiters = state.withLock { s -> [CheckedContinuation<Bool, Never>] in
            s.stopping = true
            defer { s.waiters.removeAll() }
            return s.waiters.values.map(\.continuation)
        }
        for w in waiters { w.resume(returning: false) }
        wake.signal()
        finished.wait()
        do { try index.close() } catch { logger.warning("search index close failed", metadata: ["store.error": "\(error)"]) }
    }

    private func run() {
        // The lowest priority (on Linux, `setpriority` with 0 names the calling thread): indexing
        // takes the CPU the writer, the hub's shards and the translator leave over, so that at peak
        // write load the index falls behind (and searches wait for it) instead of slowing acks.
        if setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19) != 0 {
            logger.warning("could not lower the search index thread's priority", metadata: ["store.errno": "\(errno)"])
        }
        var logged = state.withLock { $0.indexed }
        // A catch-up worth a line in the log (the backlog at start, or one that builds at a peak).
        var catchingUp = state.withLock { $0.newest - $0.indexed } > Int64(Self.batch)
        while !state.withLock({ $0.stopping }) {
            let moved: Int
            do {
                moved = try indexNext()
            } catch {
                logger.error("search indexing failed; retrying in 1 s", metadata: ["store.error": "\(error)"])
                _ = wake.wait(timeout: .now() + 1)
                continue
            }
            let indexed = state.withLock { $0.indexed }
            if moved == Self.batch, indexed - logged >= 100_000 {
                logger.notice("search index progress", metadata: ["store.indexed": "\(indexed)"])
                logged = indexed
                catchingUp = true
            }
            if moved < Self.batch {
                if catchingUp { logger.notice("search index caught up", metadata: ["store.indexed": "\(indexed)"]) }
                catchingUp = false
                _ = wake.wait(timeout: .now() + 1)
            }
        }
        finished.signal()
    }

    /// Resumes the searches waiting for positions now indexed, once no edit or deletion of an indexed
    /// message is pending: a search after an edit's ack no longer finds the old text.
    private func resumeWaiters() {
        let ready = state.withLock { s -> [CheckedContinuation<Bool, Never>] in
            guard !s.revisions.keys.contains(where: { $0 <= s.indexed }) else { return [] }
            let due = s.waiters.filter { $0.value.position <= s.indexed }
            for id in due.keys { s.waiters.removeValue(forKey: id) }
            return due.values.map(\.continuation)
        }
        for w in ready { w.resume(returning: true) }
    }

    private func terms(_ e: Entry) -> String {
        searchText.indexForm(e.text, language: e.language) + " " + StoredForms.scopeTerm(e.conversation)
    }

    /// Replaces the rows of edited and deleted messages indexed up to `upto` (revisions of later
    /// positions wait: their entries are indexed with the new text, then revised once more, harmlessly).
    /// `secure_delete` overwrites the freed content, so a deleted text leaves this file's pages too.
    private func applyRevisions(upto: Int64) throws {
        let due = state.withLock { s -> [Entry] in
            let due = s.revisions.values.filter { $0.position <= upto }
            for e in due { s.revisions.removeValue(forKey: e.position) }
            return due.sorted { $0.position < $1.position }
        }
        guard !due.isEmpty else { return }
        do {
            try write(due)
        } catch {
            // Tried again on the next pass, unless a newer revision of the message came meanwhile.
            state.withLock { s in for e in due where s.revisions[e.position] == nil { s.revisions[e.position] = e } }
            throw error
        }
    }

    private func write(_ due: [Entry]) throws {
        try index.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
            try db.inTransaction {
                for e in due {
                    try db.execute(sql: "DELETE FROM message_search WHERE rowid = ?", arguments: [e.position])
                    if !e.text.isEmpty {
                        try db.execute(sql: "INSERT INTO message_search(rowid, terms) VALUES (?, ?)", arguments: [e.position, terms(e)])
                    }
                }
                return .commit
            }
        }
    }

    /// Indexes the next batch of positions; returns how many.
    private func indexNext() throws -> Int {
        // The next run of handed-over entries if it starts right after what is indexed; otherwise
        // (a gap: the backlog at the start, or entries dropped past `maxQueued`) the messages of
        // the gap, read back from the database.
        let (from, handed) = state.withLock { s -> (Int64, [Entry]) in
            let indexed = s.indexed
            s.queue.removeAll { $0.position <= indexed }
            guard let first = s.queue.first, first.position == s.indexed + 1 else { return (s.indexed, []) }
            let n = min(s.queue.count, Self.batch)
            defer { s.queue.removeFirst(n) }
            return (s.indexed, Array(s.queue.prefix(n)))
        }
        var entries = handed
        if entries.isEmpty {
            let gapEnd = state.withLock { s in s.queue.first.map { $0.position - 1 } } ?? Int64.max
            entries = try messages.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT p.position, p.conversation, m.text, m.lang FROM message_positions p
                    JOIN messages m ON m.conversation = p.conversation AND m.seq = p.seq
                    WHERE p.position > ? AND p.position <= ? ORDER BY p.position LIMIT ?
                    """, arguments: [from, gapEnd, Self.batch]).map {
                    Entry(position: $0["position"], conversation: $0["conversation"], text: $0["text"], language: Language($0["lang"] as String))
                }
            }
        }
        guard let last = entries.last else {
            try applyRevisions(upto: from)
            resumeWaiters()
            lag.record(0)
            return 0
        }
        // Terms are cut before the transaction: it holds only FTS5's own work.
        let rows = entries.map { e in (e.position, terms(e)) }
        try index.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO message_search(rowid, terms) VALUES (?, ?)")
            for (position, terms) in rows { try insert.execute(arguments: [position, terms]) }
            try db.execute(sql: "UPDATE index_state SET upto = ?", arguments: [last.position])
        }
        var clock = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &clock)
        let newest = state.withLock { s -> Int64 in
            s.indexed = last.position
            s.newest = max(s.newest, last.position)
            s.cpuMicros = Double(clock.tv_sec) * 1e6 + Double(clock.tv_nsec) / 1e3
            return s.newest
        }
        try applyRevisions(upto: last.position)
        resumeWaiters()
        lag.record(newest - last.position)
        return entries.count
    }
}
