import Foundation
import GRDB
import Logging
import ParleyDomain
import ParleyStore

/// Parley's durable state on SQLite (WAL): conversations, members, messages, read marks, settings.
///
/// Reads run concurrently on GRDB's reader pool; all message appends go through one
/// `SQLiteWriter` thread that commits them in batches (group commit).
public final class SQLiteStore: Store {
    let pool: DatabasePool
    /// Read-only connections for search only, so that a search over its time budget can be
    /// interrupted without touching the hub's reads.
    let searchPool: DatabasePool
    let logger: Logger
    public let configuration: SQLiteConfiguration
    /// How message and minutes texts are cut into search terms; nil: nothing is indexed.
    public let searchText: SearchText?
    /// The message index, in its own file, kept up by its own thread; nil when search is off.
    let searchIndex: SQLiteSearchIndex?

    public init(_ configuration: SQLiteConfiguration, searchText: SearchText? = nil, logger: Logger) throws {
        self.configuration = configuration
        self.searchText = searchText
        self.logger = logger
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: configuration.path).deletingLastPathComponent(), withIntermediateDirectories: true)
            pool = try DatabasePool(path: configuration.path, configuration: Configuration())
            // Only the writer connection commits, so only its setting matters. It must be set after
            // the pool is open: GRDB sets `synchronous = NORMAL` when it turns WAL on, after any
            // `prepareDatabase` hook has run.
            let synchronous = configuration.durability == .full ? "FULL" : "NORMAL"
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
            }
            let migrator = Schema.migrator
            try SchemaHistory.check(applied: Array(try pool.read { try migrator.appliedIdentifiers($0) }), store: "SQLite")
            try migrator.migrate(pool)
            var readOnly = Configuration()
            readOnly.readonly = true
            readOnly.maximumReaderCount = 4
            if let searchText {
                try Self.numberMessages(pool, logger: logger)
                let index = try SQLiteSearchIndex(path: configuration.searchIndexPath, messages: pool, searchText: searchText,
                                              maxQueued: configuration.searchQueueLimit, logger: logger)
                readOnly.prepareDatabase { db in try db.execute(sql: "ATTACH DATABASE ? AS idx", arguments: [index.path]) }
                searchIndex = index
                do {
                    searchPool = try DatabasePool(path: configuration.path, configuration: readOnly)
                } catch {
                    index.stop()
                    throw error
                }
            } else {
                // Messages written now get no position: the next start with search numbers them.
                try pool.write { db in try db.execute(sql: "UPDATE search_state SET positions_complete = 0 WHERE positions_complete = 1") }
                searchIndex = nil
                searchPool = try DatabasePool(path: configuration.path, configuration: readOnly)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "cannot open the database at \(configuration.path): \(error)")
        }
    }

    public var backendName: String { "sqlite" }

    public func makeWriter(onCommit: @escaping MessageWriting.Completion) -> any MessageWriting {
        SQLiteWriter(store: self, onCommit: onCommit)
    }

    /// No other node writes an embedded database: there is nothing to hint.
    public var events: AsyncStream<StoreEvent>? { nil }

    public func marks() throws -> [ConversationMark] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, last_seq, directory_version FROM conversations").map {
                ConversationMark(conversation: $0[0], lastSeq: $0[1], directoryVersion: $0[2])
            }
        }
    }

    public func health() -> StoreHealth {
        do {
            _ = try pool.read { try Int.fetchOne($0, sql: "SELECT 1") }
            return StoreHealth(reachable: true)
        } catch {
            return StoreHealth(reachable: false, problem: "the SQLite database does not answer: \(error)")
        }
    }

    /// Checkpoints the WAL and closes the database. Call once, after the writer has stopped.
    public func close() {
        searchIndex?.stop()
        do {
            try searchPool.close()
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try pool.close()
        } catch {
            logger.warning("store.close failed", metadata: ["store.error": "\(error)"])
        }
    }

    /// The durability the writer connection actually commits with (SQLite's `synchronous`):
    /// `.full` syncs the WAL at every commit, `.normal` only at checkpoints.
    public func durabilityInEffect() throws -> SQLiteConfiguration.Durability {
        let level = try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } ?? 0
        return level >= 2 ? .full : .normal
    }

    /// WAL pages (4 kB) between automatic checkpoints; SQLite's default is 1,000. A checkpoint runs
    /// inside the commit that crosses the mark and copies each page changed since the last one once,
    /// however many commits rewrote it (a busy group rewrites the same index pages in every
    /// commit), so fewer, larger checkpoints cost the writer less. Measured with 100 senders:
    /// 1,000 → 15-19 k acks/s, 4,000 → 19-21 k, 10,000 → 20-21 k but with the ack p99 at
    /// durability normal up from 16-19 to 35-37 ms (4,000: 23 ms). The WAL grows to ~16 MB.
    static let checkpointPages = 4_000

    /// Milliseconds since 1970, as the store writes times.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
