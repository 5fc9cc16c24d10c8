import Foundation
import ParleyStore

/// Where a cluster node finds PostgreSQL: a `postgres://` URL.
///
/// - TCP: `postgres://user[:password]@host[:port]/database`
/// - Unix socket: `postgres://user@/database?host=/var/run/postgresql` (the socket directory; the
///   port, `?port=5433` as libpq spells it, picks the socket file `.s.PGSQL.<port>`, default 5432)
/// - `?sslmode=disable|prefer|require` (default `prefer` over TCP)
public struct PostgresConfiguration: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var username: String
    public var password: String?
    public var database: String
    public var host: String?
    public var port: Int
    /// The socket directory, for unix-socket URLs.
    public var socketDirectory: String?
    public var tls: TLSMode
    /// Connections in the pool (the writer's and the listener's are extra).
    public var maximumConnections = 16
    /// The most messages written in one transaction by the group-commit writer.
    public var maxBatch = 1024

    public init(url: String) throws(StoreError) {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw StoreError(.refused, "store_url must look like postgres://user@host:5432/database, not '\(Self.redacted(url))'")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(.refused, "store_url \(Self.redacted(url)) names no user (postgres://USER@host/database)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw StoreError(.refused, "store_url \(Self.redacted(url)) names no database (postgres://user@host/DATABASE)")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        if let port = components.port {
            self.port = port
        } else if let text = query["port"] {
            guard let port = Int(text), (1...65_535).contains(port) else {
                throw StoreError(.refused, "store_url port must be a number in 1...65535, not '\(text)'")
            }
            self.port = port
        } else {
            port = 5432
        }
        if let socket = query["host"], socket.hasPrefix("/") {
            socketDirectory = socket
            host = nil
        } else {
            host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? query["host"] ?? "localhost"
            socketDirectory = nil
        }
        let mode = query["sslmode"] ?? (socketDirectory == nil ? "prefer" : "disable")
        guard let tls = TLSMode(rawValue: mode == "allow" ? "prefer" : mode) else {
            throw StoreError(.refused, "store_url sslmode must be disable, prefer or require, not '\(mode)'")
        }
        self.tls = tls
    }

    /// The socket file for unix-socket URLs.
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }

    /// The URL with its password replaced, for logs.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://***"
    }
}
