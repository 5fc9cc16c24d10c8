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
        var config = Configuration()
        let synchronous = configuration.durability == .full ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: configuration.path).deletingLastPathComponent(), withIntermediateDirectories: true)
            pool = try DatabasePool(path: configuration.path, configuration: config)
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

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
