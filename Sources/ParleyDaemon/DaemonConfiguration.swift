import Foundation
import Logging
import ParleyAttachments
import ParleyFollowUps
import ParleyHub
import ParleyIdentity
import ParleyStoreSQLite
import ParleyWebhooks

/// Everything parleyd can be told, layered: defaults < configuration file < environment < flags.
public struct DaemonConfiguration: Sendable {
    public var hub = HubConfiguration()
    public var dataDirectory = "./data"
    public var dictionariesDirectory = "./Dictionaries"
    public var durability: SQLiteConfiguration.Durability = .full
    /// Cluster mode: a PostgreSQL URL (`postgres://user[:password]@host[:port]/db`, or a unix socket:
    /// `postgres://user@/db?host=/var/run/postgresql`). Nil: the embedded SQLite database in `dataDirectory`.
    public var storeURL: String?
    /// Full-text search: messages and minutes are indexed as they are stored, and `search` frames
    /// answered. Off: nothing is indexed and `search` is refused (a deployment without search).
    public var searchEnabled = true
    public var logLevel: Logger.Level = .info
    /// Translation routing file (JSON, see docs/translation.md); nil: built-in dictionaries only.
    public var translationConfigPath: String?
    /// Seconds of silence after which an open meeting is closed.
    public var meetingSilenceTimeout: Double = 900
    /// Follow-up reminders: the owner's morning hour and how often the reminder pass runs.
    public var followUps = FollowUpConfiguration()
    /// Webhooks: which private addresses may be called, the retry schedule and the request timeout.
    public var webhooks = WebhookConfiguration()
    /// Files in conversations (`max_file_size`, `file_grace`, `file_sweep_interval`, `file_link_lifetime`).
    public var files = FileSettings()
    /// The web client's folder; nil: the copy built into the binary (see ParleyWeb).
    public var webDirectory: String?
    /// A production signing secret (a file holding it). Nil: development mode, signed with the
    /// secret generated in the data directory, with a sign-in link logged at start and links minted
    /// from the admin page.
    public var signingSecretFile: String?
    /// The development admin whose sign-in link parleyd logs in development mode (`id@tenant`).
    public var devAdmin = "admin@acme"
    /// Sign-in with identity providers (`identity_providers`, `public_url`, the `oidc_*` keys).
    /// Use `identity` for the effective settings: it adds the single provider the `oidc_*` keys describe.
    public var identityFile = IdentityConfiguration()
    /// The single provider of the `oidc_*` keys (flags and environment), as far as given.
    public var singleProvider = SingleProviderSettings()

    public init() {}

    /// The identity settings in effect: the file's providers, with the `oidc_*` provider added
    /// (or replacing the file's provider of the same name).
    public var identity: IdentityConfiguration {
        var c = identityFile
        if let p = singleProvider.provider {
            c.providers.removeAll { $0.name == p.name }
            c.providers.append(p)
        }
        return c
    }

    /// Development mode: no production secret is configured.
    public var isDevelopment: Bool { signingSecretFile == nil }

    /// The address a browser on this machine opens: the listen address, with a wildcard address
    /// replaced by loopback.
    public var baseURL: String {
        let host = ["0.0.0.0", "::", ""].contains(hub.host) ? "127.0.0.1" : hub.host
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(hub.port)"
    }

    /// The SQLite database file.
    /// Where file bytes are kept: `files/` under the data directory.
    public var attachments: AttachmentConfiguration {
        var c = AttachmentConfiguration(directory: (dataDirectory as NSString).appendingPathComponent("files"))
        c.maxFileSize = files.maxFileSize
        c.grace = files.grace
        c.sweepInterval = files.sweepInterval
        c.linkLifetime = files.linkLifetime
        return c
    }

    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("parley.sqlite") }

    /// The configuration-file and environment keys. Environment variables are `PARLEY_` + the key
    /// in upper snake case (e.g. `PARLEY_MESSAGES_PER_SECOND`).
    public static let keys = [
        "host", "port", "data_dir", "store_url", "dictionaries_dir", "durability", "log_level", "translation_config", "search",
        "max_frame_bytes", "max_text_bytes", "max_http_body_bytes", "messages_per_second", "messages_burst",
        "max_subscriptions", "outbound_queue_bytes", "ping_interval", "idle_timeout", "hello_timeout",
        "max_connections", "service_threads", "meeting_silence_timeout", "reminder_hour", "reminder_interval", "web_dir", "signing_secret_file", "dev_admin",
        "public_url", "access_token_lifetime", "session_lifetime",
        "webhook_allow_hosts", "webhook_retry_schedule", "webhook_timeout", "digest_hour", "digest_instead_after", "digest_interval",
        "max_file_size", "file_grace", "file_sweep_interval", "file_link_lifetime",
        "edit_window", "typing_max_members", "typing_interval",
    ] + SingleProviderSettings.keys

    /// Applies one setting. Throws a message naming the key when the value is unusable.
    public mutating func set(_ key: String, _ value: String, source: String) throws(ConfigurationError) {
        // Every number has a range, so no setting can make later arithmetic overflow.
        func int(_ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            guard let v = Int(value), range.contains(v) else {
                throw ConfigurationError("\(source): \(key) must be a whole number in \(range.lowerBound)...\(range.upperBound), not '\(value.prefix(40))'")
            }
            return v
        }
        func double(_ range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
            guard let v = Double(value), v.isFinite, range.contains(v) else {
                throw ConfigurationError("\(source): \(key) must be a number in \(range.lowerBound)...\(range.upperBound), not '\(value.prefix(40))'")
            }
            return v
        }
        switch key {
        case "host": hub.host = value
        case "port": hub.port = try int(0...65_535)
        case "data_dir": dataDirectory = value
        case "store_url":
            guard value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") else {
                throw ConfigurationError("\(source): store_url must be a postgres:// URL (leave it unset for the embedded SQLite store), not '\(value.prefix(40))'")
            }
            storeURL = value
        case "dictionaries_dir": dictionariesDirectory = value
        case "durability":
            guard let d = SQLiteConfiguration.Durability(rawValue: value) else {
                throw ConfigurationError("\(source): durability must be 'full' or 'normal', not '\(value)'")
            }
            durability = d
        case "log_level":
            guard let level = Logger.Level(rawValue: value) else {
                throw ConfigurationError("\(source): log_level must be trace, debug, info, notice, warning, error or critical")
            }
            logLevel = level
        case "translation_config": translationConfigPath = value
        case "search":
            switch value {
            case "on", "true", "1": searchEnabled = true
            case "off", "false", "0": searchEnabled = false
            default: throw ConfigurationError("\(source): search must be 'on' or 'off', not '\(value.prefix(40))'")
            }
        case "max_frame_bytes": hub.maxFrameBytes = try int(1_024...(64 << 20))
        case "max_text_bytes": hub.maxTextBytes = try int(1...(1 << 20))
        case "max_http_body_bytes": hub.maxHTTPBodyBytes = try int(1_024...(256 << 20))
        case "messages_per_second": hub.messagesPerSecond = try double(0.01...1_000_000)
        case "messages_burst": hub.messagesBurst = try double(1...1_000_000)
        case "max_subscriptions": hub.maxSubscriptions = try int(1...100_000)
        case "outbound_queue_bytes": hub.outboundQueueBytes = try int(4_096...(1 << 30))
        case "ping_interval": hub.pingInterval = try int(0...86_400)
        case "idle_timeout": hub.idleTimeout = try int(0...86_400)
        case "hello_timeout": hub.helloTimeout = try int(1...3_600)
        case "max_connections": hub.maxConnections = try int(1...10_000_000)
        case "service_threads": hub.serviceThreads = try int(0...256)
        case "meeting_silence_timeout": meetingSilenceTimeout = try double(0.1...604_800)
        case "reminder_hour": followUps.reminderHour = try int(0...23)
        case "reminder_interval": followUps.reminderInterval = try double(0.05...86_400)
        case "digest_hour": followUps.digestHour = value == "off" ? nil : try int(0...23)
        case "digest_instead_after": followUps.digestInsteadAfter = Int64(try double(60...(30 * 86_400)) * 1000)
        case "digest_interval": followUps.digestInterval = try double(0.05...86_400)
        case "webhook_allow_hosts":
            let entries = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            do { _ = try AddressPolicy(allowing: entries) } catch { throw ConfigurationError("\(source): \(error)") }
            webhooks.allowHosts = entries
        case "webhook_retry_schedule":
            let delays = value.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !delays.isEmpty, delays.allSatisfy({ $0.map { $0 >= 0 && $0 <= 7 * 86_400 } ?? false }) else {
                throw ConfigurationError("\(source): webhook_retry_schedule must be seconds between attempts, comma-separated (e.g. 5,300,1800), not '\(value.prefix(80))'")
            }
            webhooks.retrySchedule = delays.compactMap { $0 }
        case "webhook_timeout": webhooks.requestTimeout = try double(1...300)
        case "edit_window":
            let seconds = try double(0...(366 * 86_400))
            hub.editWindow = seconds == 0 ? nil : seconds
        case "typing_max_members": hub.typingMaxMembers = try int(0...100_000)
        case "typing_interval": hub.typingInterval = try double(0.1...3_600)
        case "max_file_size": files.maxFileSize = try int(1...(1 << 30))
        case "file_grace": files.grace = try double(0.05...(366 * 86_400))
        case "file_sweep_interval": files.sweepInterval = try double(0.05...86_400)
        case "file_link_lifetime": files.linkLifetime = try double(1...86_400)
        case "web_dir": webDirectory = value
        case "signing_secret_file": signingSecretFile = value
        case "dev_admin":
            guard value.split(separator: "@").count == 2 else { throw ConfigurationError("\(source): dev_admin must be id@tenant, not '\(value)'") }
            devAdmin = value
        case "public_url": identityFile.publicURL = value
        case "access_token_lifetime": identityFile.accessTokenLifetime = try double(30...86_400)
        case "session_lifetime": identityFile.sessionLifetime = try double(60...(366 * 86_400))
        case "identity_providers":
            do {
                identityFile.providers = try JSONDecoder().decode([IdentityProvider].self, from: Data(value.utf8))
            } catch {
                throw ConfigurationError("\(source): identity_providers must be a list of providers (name, issuer, client_id, client_secret, tenant or tenant_claim, claims): \(Self.describe(error))")
            }
        case _ where SingleProviderSettings.keys.contains(key): try singleProvider.set(key, value, source: source)
        default: throw ConfigurationError("\(source): unknown setting '\(key)'; known: \(Self.keys.joined(separator: ", "))")
        }
    }

    /// Reads a JSON object of settings (`{"port": 9000, "messages_per_second": 100}`).
    public mutating func apply(file path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read configuration file \(path)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ConfigurationError("\(path) is not a JSON object of settings")
        }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            if key == "identity_providers" {
                // A list, not a scalar: handed on as JSON.
                guard let json = try? JSONSerialization.data(withJSONObject: value) else {
                    throw ConfigurationError("\(path): identity_providers must be a JSON list of providers")
                }
                try set(key, String(decoding: json, as: UTF8.self), source: path)
                continue
            }
            if let list = value as? [Any] {
                // Lists of addresses or delays, as their comma-separated environment form.
                try set(key, list.map { "\($0)" }.joined(separator: ","), source: path)
                continue
            }
            try set(key, "\(value)", source: path)
        }
    }

    /// Applies `PARLEY_*` environment variables.
    public mutating func apply(environment: [String: String]) throws(ConfigurationError) {
        for key in Self.keys {
            if let value = environment["PARLEY_" + key.uppercased()] { try set(key, value, source: "PARLEY_\(key.uppercased())") }
        }
    }
}

extension DaemonConfiguration {
    /// A decoding error as a person reads it: which field, what is wrong (never a value: it may be a secret).
    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "missing '\(key.stringValue)'" + (context.codingPath.isEmpty ? "" : " in entry \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .dataCorrupted(let context)?:
            return context.debugDescription
        default:
            return "not a JSON list"
        }
    }
}

public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The file settings as parleyd reads them (the directory follows `data_dir`).
public struct FileSettings: Sendable {
    public var maxFileSize = 25 << 20
    public var grace: Double = 24 * 3600
    public var sweepInterval: Double = 600
    public var linkLifetime: Double = 300
    public init() {}
}
