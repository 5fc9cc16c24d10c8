import Logging
import ParleyStore
import PostgresNIO
import Synchronization

/// Where and how this node connects: the pool's configuration and the dedicated connections
/// (schema set-up, the writer, the listener), from one `PostgresConfiguration`.
final class PostgresEndpoint: Sendable {
    let configuration: PostgresConfiguration
    /// "127.0.0.1:5432, database parley, user parley" (never the password), for errors and logs.
    let place: String
    private let connectionIDs = Atomic<Int>(1_000_000)

    init(_ configuration: PostgresConfiguration) {
        self.configuration = configuration
        let at = configuration.socketPath ?? "\(configuration.host ?? "localhost"):\(configuration.port)"
        place = "\(at), database \(configuration.database), user \(configuration.username)"
    }

    /// The pool's configuration.
    func clientConfiguration() -> PostgresClient.Configuration {
        var client: PostgresClient.Configuration
        if let socket = configuration.socketPath {
            client = .init(unixSocketPath: socket, username: configuration.username, password: configuration.password,
                           database: configuration.database)
        } else {
            let tls: PostgresClient.Configuration.TLS = switch configuration.tls {
            case .disable: .disable
            case .prefer: .prefer(Self.tlsConfiguration)
            case .require: .require(Self.tlsConfiguration)
            }
            client = .init(host: configuration.host ?? "localhost", port: configuration.port, username: configuration.username,
                           password: configuration.password, database: configuration.database, tls: tls)
        }
        client.options.maximumConnections = configuration.maximumConnections
        client.options.connectTimeout = .seconds(5)
        client.options.additionalStartupParameters = [("application_name", "parleyd")]
        return client
    }

    /// Opens a connection outside the pool; the error says what failed, where.
    func connect(logger: Logger, purpose: String) async throws(StoreError) -> PostgresConnection {
        do {
            let id = connectionIDs.wrappingAdd(1, ordering: .relaxed).newValue
            var connection = try connectionConfiguration()
            // What an operator sees in pg_stat_activity.
            connection.options.additionalStartupParameters = [("application_name", "parleyd \(purpose)")]
            return try await PostgresConnection.connect(configuration: connection, id: id, logger: logger)
        } catch {
            throw StoreError(.database, "cannot open the \(purpose) connection to PostgreSQL at \(place): \(PostgresFailure.words(error))")
        }
    }

    private func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socket = configuration.socketPath {
            return .init(unixSocketPath: socket, username: configuration.username, password: configuration.password,
                         database: configuration.database)
        }
        let tls: PostgresConnection.Configuration.TLS = switch configuration.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: Self.tlsConfiguration))
        case .require: .require(try NIOSSLContext(configuration: Self.tlsConfiguration))
        }
        var connection = PostgresConnection.Configuration(
            host: configuration.host ?? "localhost", port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: tls)
        connection.options.connectTimeout = .seconds(5)
        return connection
    }

    /// libpq's `prefer` and `require` encrypt without checking the server's certificate; so do these.
    private static var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        return tls
    }
}
