import Foundation

/// How the translation layer routes and bounds its work. Defaults run out of the box: every
/// pair goes to the built-in dictionary engine.
public struct TranslationConfiguration: Sendable, Codable, Equatable {
    /// Engine per pair: "en-es": "apertium-en-es"; "*" is the default route. Engine names are
    /// "dictionary" or a key of `commandHooks` / `httpHooks`.
    public var routes: [String: String]
    /// Long-running processes that answer one line per request line (Apertium, a custom MT).
    public var commandHooks: [String: CommandHookConfiguration]
    /// LibreTranslate-compatible HTTP servers.
    public var httpHooks: [String: HTTPHookConfiguration]
    /// The longest a hook may take for one call before the dictionary engine answers instead.
    public var timeoutSeconds: Double
    /// Entries kept in the translation cache.
    public var cacheCapacity: Int
    /// Transliterate unknown words into the target script (Han-Latin for Chinese names).
    public var transliterateUnknown: Bool
    /// Check the declared source language against the text.
    public var detectLanguage: Bool

    public init(routes: [String: String] = ["*": "dictionary"],
                commandHooks: [String: CommandHookConfiguration] = [:],
                httpHooks: [String: HTTPHookConfiguration] = [:],
                timeoutSeconds: Double = 2, cacheCapacity: Int = 20_000,
                transliterateUnknown: Bool = true, detectLanguage: Bool = true) {
        self.routes = routes
        self.commandHooks = commandHooks
        self.httpHooks = httpHooks
        self.timeoutSeconds = timeoutSeconds
        self.cacheCapacity = cacheCapacity
        self.transliterateUnknown = transliterateUnknown
        self.detectLanguage = detectLanguage
    }

    /// A configuration that routes en→es and es→en to Apertium (Debian package apertium-eng-spa).
    public static var apertiumEnglishSpanish: TranslationConfiguration {
        TranslationConfiguration(
            routes: ["*": "dictionary", "en-es": "apertium-en-es", "es-en": "apertium-es-en"],
            commandHooks: ["apertium-en-es": .apertium(mode: "eng-spa"), "apertium-es-en": .apertium(mode: "spa-eng")])
    }

    /// The engine routed for `pair`.
    public func engine(for pair: LanguagePair) -> String {
        routes[pair.description] ?? routes["*"] ?? "dictionary"
    }

    /// Reads a JSON configuration file (keys as the properties; missing keys keep their defaults).
    public static func load(from url: URL) throws -> TranslationConfiguration {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TranslationError.unreadableFile(path: url.path, reason: "no such file")
        }
        do {
            return try JSONDecoder().decode(TranslationConfiguration.self, from: data)
        } catch {
            throw TranslationError.invalidConfiguration(path: url.path, reason: "\(error)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case routes, commandHooks, httpHooks, timeoutSeconds, cacheCapacity, transliterateUnknown, detectLanguage
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TranslationConfiguration()
        self.init(routes: try c.decodeIfPresent([String: String].self, forKey: .routes) ?? d.routes,
                  commandHooks: try c.decodeIfPresent([String: CommandHookConfiguration].self, forKey: .commandHooks) ?? [:],
                  httpHooks: try c.decodeIfPresent([String: HTTPHookConfiguration].self, forKey: .httpHooks) ?? [:],
                  timeoutSeconds: try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? d.timeoutSeconds,
                  cacheCapacity: try c.decodeIfPresent(Int.self, forKey: .cacheCapacity) ?? d.cacheCapacity,
                  transliterateUnknown: try c.decodeIfPresent(Bool.self, forKey: .transliterateUnknown) ?? true,
                  detectLanguage: try c.decodeIfPresent(Bool.self, forKey: .detectLanguage) ?? true)
    }
}

/// A long-running process that reads one request per line and writes one answer line per request.
public struct CommandHookConfiguration: Sendable, Codable, Equatable {
    /// Program name (looked up in PATH) or absolute path.
    public var executable: String
    public var arguments: [String]
    /// Write a NUL after each request line (Apertium's `-z` null-flush mode needs it to answer at once).
    public var nulFlush: Bool
    /// Escape Apertium's stream-format characters (`[ ] ^ $ / < > @ { } * # \`) in requests and
    /// unescape answers; needed when the hook is an Apertium mode pipeline without a deformatter.
    public var apertiumStream: Bool

    public init(executable: String, arguments: [String] = [], nulFlush: Bool = false, apertiumStream: Bool = false) {
        self.executable = executable
        self.arguments = arguments
        self.nulFlush = nulFlush
        self.apertiumStream = apertiumStream
    }

    enum CodingKeys: String, CodingKey { case executable, arguments, nulFlush, apertiumStream }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(executable: try c.decode(String.self, forKey: .executable),
                  arguments: try c.decodeIfPresent([String].self, forKey: .arguments) ?? [],
                  nulFlush: try c.decodeIfPresent(Bool.self, forKey: .nulFlush) ?? false,
                  apertiumStream: try c.decodeIfPresent(Bool.self, forKey: .apertiumStream) ?? false)
    }

    /// An Apertium mode (e.g. "eng-spa") kept warm in null-flush mode.
    ///
    /// The `apertium` wrapper script is not used: its text deformatter (apertium-destxt) and gawk
    /// stages buffer, so `apertium -u -z eng-spa` answers nothing while its input stays open. The
    /// mode's own pipeline, built with `apertium-wblank-mode -z`, answers each line at once.
    public static func apertium(mode: String, directory: String = "/usr/share/apertium/modes") -> CommandHookConfiguration {
        CommandHookConfiguration(executable: "/bin/bash",
                                 arguments: ["-c", "exec bash <(apertium-wblank-mode -z \"$0\") -n", "\(directory)/\(mode).mode"],
                                 nulFlush: true, apertiumStream: true)
    }
}

/// A LibreTranslate-compatible server: `POST {baseURL}/translate` with q, source, target, format.
public struct HTTPHookConfiguration: Sendable, Codable, Equatable {
    public var baseURL: String
    public var apiKey: String?

    public init(baseURL: String, apiKey: String? = nil) {
        self.baseURL = baseURL
        self.apiKey = apiKey
    }
}
