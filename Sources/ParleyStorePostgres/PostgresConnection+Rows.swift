import Logging
import PostgresNIO

/// Reading whole results: every query of the store is short, so rows are collected and decoded at once.
extension PostgresConnection {
    /// Runs a statement and discards what it returns.
    func run(_ query: PostgresQuery, _ logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }

    /// Every row, decoded as the given column types.
    func all<each Column: PostgresDecodable>(_ query: PostgresQuery, as types: (repeat each Column).Type,
                                             _ logger: Logger) async throws -> [(repeat each Column)] {
        try await self.query(query, logger: logger).collect().map { try $0.decode(types) }
    }

    /// The first row, decoded as the given column types; nil when there is none.
    func first<each Column: PostgresDecodable>(_ query: PostgresQuery, as types: (repeat each Column).Type,
                                               _ logger: Logger) async throws -> (repeat each Column)? {
        guard let row = try await self.query(query, logger: logger).collect().first else { return nil }
        return try row.decode(types)
    }

    /// The first column of every row.
    func column<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type, _ logger: Logger) async throws -> [Value] {
        try await self.query(query, logger: logger).collect().map { try $0.decode(Value.self) }
    }

    /// The first column of the first row.
    func value<Value: PostgresDecodable>(_ query: PostgresQuery, as type: Value.Type, _ logger: Logger) async throws -> Value? {
        guard let row = try await self.query(query, logger: logger).collect().first else { return nil }
        return try row.decode(Value.self)
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws (its error,
    /// unwrapped, is what the caller sees).
    nonisolated(nonsending) func transaction<T>(_ logger: Logger, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await run("BEGIN", logger)
        let value: T
        do {
            value = try await body(self)
        } catch {
            try? await run("ROLLBACK", logger)
            throw error
        }
        try await run("COMMIT", logger)
        return value
    }
}
