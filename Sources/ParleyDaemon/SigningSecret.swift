import Foundation

/// The HS256 signing secret of a data directory: `DATA/signing-secret`, 64 hex characters,
/// generated on first start with mode 0600. `parley token --data-dir` reads the same file.
public enum SigningSecret {
    public static func path(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("signing-secret")
    }

    /// The secret a configuration signs with: the production file (`signing_secret_file`) when one is
    /// configured, else the development secret of the data directory (created when `create` is set).
    public static func load(_ configuration: DaemonConfiguration, create: Bool) throws(ConfigurationError) -> String {
        guard let file = configuration.signingSecretFile else { return try load(dataDirectory: configuration.dataDirectory, create: create) }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError("cannot read signing_secret_file \(file)")
        }
        let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard secret.count >= 32 else { throw ConfigurationError("signing_secret_file \(file) holds fewer than 32 characters") }
        return secret
    }

    /// Reads the secret, creating it (and the directory) when `create` is set.
    public static func load(dataDirectory: String, create: Bool) throws(ConfigurationError) -> String {
        let file = path(in: dataDirectory)
        if let data = FileManager.default.contents(atPath: file) {
            let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard secret.count >= 32 else { throw ConfigurationError("\(file) holds fewer than 32 characters; delete it to generate a new secret") }
            return secret
        }
        guard create else {
            throw ConfigurationError("no signing secret at \(file): start parleyd once with --data-dir \(dataDirectory), or pass the right --data-dir")
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: file, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                throw ConfigurationError("cannot write \(file)")
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("cannot create \(dataDirectory): \(error)")
        }
        return secret
    }
}
