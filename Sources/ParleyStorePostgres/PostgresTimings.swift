/// How long the store waits for a silent server before it gives a connection up. Tests shorten them.
struct PostgresTimings: Sendable {
    /// The listening connection is asked `SELECT 1` this often...
    var heartbeatInterval: Duration
    /// ...and must answer within this.
    var heartbeatTimeout: Duration
    /// A group-commit transaction that takes longer fails, and its connection is closed: a
    /// connection that died without a word would otherwise hold every append until TCP gives up
    /// (many minutes).
    var batchLimit: Duration

    static let standard = PostgresTimings(heartbeatInterval: .seconds(15), heartbeatTimeout: .seconds(5), batchLimit: .seconds(30))
}
