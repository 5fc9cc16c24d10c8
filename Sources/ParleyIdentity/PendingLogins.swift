import Foundation
import Synchronization

/// Sign-ins between `/auth/login` and `/auth/callback`, by `state`: the server-side record that
/// makes a callback valid once, for the browser that started it, within `lifetime` seconds.
///
/// Held in this node's memory: a callback must reach the node that sent the browser to the
/// provider (sticky sessions in cluster mode; README "Signing in").
public final class PendingLogins: Sendable {
    public struct Login: Sendable, Equatable {
        public var provider: String
        public var nonce: String
        public var codeVerifier: String
        /// Digest of the browser-binding cookie set with the redirect.
        public var browserDigest: String
        public var started: Date
    }

    private let logins = Mutex<[String: Login]>([:])
    let lifetime: TimeInterval
    /// At most this many sign-ins wait at once; the oldest give way (a flood of `/auth/login` cannot grow memory).
    let capacity: Int

    public init(lifetime: TimeInterval = 600, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    public func add(state: String, _ login: Login) {
        logins.withLock { all in
            all = all.filter { login.started.timeIntervalSince($0.value.started) < lifetime }
            if all.count >= capacity, let oldest = all.min(by: { $0.value.started < $1.value.started })?.key {
                all[oldest] = nil
            }
            all[state] = login
        }
    }

    /// Takes the sign-in `state` names (it cannot be used twice). Nil when unknown, used or expired.
    public func take(state: String, now: Date) -> Login? {
        logins.withLock { all in
            guard let login = all.removeValue(forKey: state), now.timeIntervalSince(login.started) < lifetime else { return nil }
            return login
        }
    }

    public var count: Int { logins.withLock { $0.count } }
}
