import PostgresNIO
import ParleyStore

/// postgres-nio's errors in words an operator can act on. `PSQLError` describes itself only
/// generically (so that it leaks nothing); this reads its code and the server's message, which
/// name the user and the database but never the password.
enum PostgresFailure {
    /// What went wrong, without the query's parameters or the password.
    static func words(_ error: any Error) -> String {
        switch error {
        case let error as StoreError:
            return error.message
        case let error as PostgresTransactionError:
            if let e = error.beginError { return words(e) }
            if let e = error.closureError { return words(e) }
            if let e = error.commitError { return "the commit failed: " + words(e) }
            return "the transaction failed"
        case let error as PSQLError:
            return words(error)
        default:
            return "\(error)"
        }
    }

    static func words(_ error: PSQLError) -> String {
        switch error.code {
        case .server:
            let message = error.serverInfo?[.message] ?? "an error"
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return "the server refused: \(message)\(state)"
        case .connectionError:
            return "cannot connect" + (error.underlying.map { ": \($0)" } ?? "")
        case .sslUnsupported:
            return "the server does not offer TLS, and store_url says sslmode=require"
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return "the TLS handshake failed" + (error.underlying.map { ": \($0)" } ?? "")
        case .authMechanismRequiresPassword:
            return "the server asks for a password and store_url has none (postgres://user:PASSWORD@host/database)"
        case .unsupportedAuthMechanism, .saslError:
            return "authentication failed: the server's method is not supported" + (error.underlying.map { " (\($0))" } ?? "")
        case .serverClosedConnection:
            return "the server closed the connection"
        case .clientClosedConnection, .poolClosed:
            return "the store is closed"
        case .uncleanShutdown:
            return "the connection was cut"
        case .queryCancelled:
            return "the query was cancelled"
        default:
            return "postgres error \(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
        }
    }

    /// The SQLSTATE of a server error, if the error is one.
    static func sqlState(_ error: any Error) -> String? {
        switch error {
        case let error as PSQLError: return error.serverInfo?[.sqlState]
        case let error as PostgresTransactionError:
            return (error.closureError ?? error.commitError ?? error.beginError).flatMap(sqlState)
        default: return nil
        }
    }

    /// SQLSTATE 57014: a statement ran past `statement_timeout` (or was cancelled).
    static let queryCanceled = "57014"
    /// SQLSTATE 23505: a unique index already holds the key.
    static let uniqueViolation = "23505"
    /// SQLSTATE 40P01: the server broke a deadlock by failing this transaction.
    static let deadlock = "40P01"
}
