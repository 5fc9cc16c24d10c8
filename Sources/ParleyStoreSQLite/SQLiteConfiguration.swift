/// How the embedded SQLite store is opened.
public struct SQLiteConfiguration: Sendable {
    /// `full`: an ack means the message is on disk (survives power loss); `normal`: survives a
    /// crash of the daemon (kill -9) but not of the machine. Both are WAL.
    public enum Durability: String, Sendable, Codable {
        case full
        case normal
    }

    public var path: String
    public var durability: Durability
    /// The most messages written in one transaction by the group-commit writer.
    public var maxBatch: Int

    /// The message search index: a database file of its own beside the main one, derived from it
    /// (deleted, it is rebuilt at the next start).
    public var searchIndexPath: String { path + ".search" }
    /// Committed messages the writer hands to the search index's thread and that may wait in memory;
    /// past that, the thread reads them back from the database (slower, but memory stays bounded).
    public var searchQueueLimit = 65_536

    public init(path: String, durability: Durability = .full, maxBatch: Int = 1024) {
        self.path = path
        self.durability = durability
        self.maxBatch = maxBatch
    }
}
