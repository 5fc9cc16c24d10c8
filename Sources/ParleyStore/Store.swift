import Foundation
import GRDB
import Logging
import ParleyDomain

/// Parley's durable state on SQLite (WAL): conversations, members, messages, read marks, settings.
///
/// Reads run concurrently on GRDB's reader pool; all message appends go through one
/// `MessageWriter` thread that commits them in batches (group commit).
public final class Store: Sendable {
    let pool: DatabasePool
    let logger: Logger
    public let configuration: StoreConfiguration

    public init(_ configuration: StoreConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: configuration.path).deletingLastPathComponent(), withIntermediateDirectories: true)
            pool = try DatabasePool(path: configuration.path, configuration: Configuration())
            // Only the writer connection commits, so only its setting matters. It must be set after
            // the pool is open: GRDB sets `synchronous = NORMAL` when it turns WAL on, after any
            // `prepareDatabase` hook has run.
            let synchronous = configuration.durability == .full ? "FULL" : "NORMAL"
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            try Schema.migrator.migrate(pool)
        } catch {
            throw StoreError(.database, "cannot open the database at \(configuration.path): \(error)")
        }
    }

    /// Checkpoints the WAL and closes the database. Call once, after the writer has stopped.
    public func close() {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try pool.close()
        } catch {
            logger.warning("store.close failed", metadata: ["store.error": "\(error)"])
        }
    }

    /// The durability the writer connection actually commits with (SQLite's `synchronous`):
    /// `.full` syncs the WAL at every commit, `.normal` only at checkpoints.
    public func durabilityInEffect() throws -> StoreConfiguration.Durability {
        let level = try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } ?? 0
        return level >= 2 ? .full : .normal
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
