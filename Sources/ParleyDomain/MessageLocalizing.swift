/// A message's text rendered for one target language.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The text in the target language (equal to the original when nothing was translated).
    public var text: String
    /// The language of `text`.
    public var language: Language
    /// Which engine produced `text`: "original", "dictionary", "apertium", "http", "cache:dictionary", ...
    public var engine: String

    public init(text: String, language: Language, engine: String) {
        self.text = text
        self.language = language
        self.engine = engine
    }
}

/// Renders a message into the languages of its recipients.
///
/// The hub calls this once per message with the set of distinct recipient languages, never once
/// per recipient. Implementations must be safe to call concurrently for different messages.
public protocol MessageLocalizing: Sendable {
    /// - Parameters:
    ///   - text: the original text (NFC).
    ///   - source: the sender's declared language (a prior; the implementation may detect another).
    ///   - targets: distinct target languages.
    /// - Returns: one entry per target; a missing entry means "show the original".
    func localize(_ text: String, declared source: Language, into targets: Set<Language>) async -> LocalizationResult

    /// The same with members' display names as written → the Latin spelling each chose ("王伟" →
    /// "Wang Wei"), which an implementation keeps as they are instead of translating them.
    func localize(_ text: String, declared source: Language, into targets: Set<Language>,
                  names: [String: String]) async -> LocalizationResult

    /// The same, answered first from `tenant`'s accepted corrections (its translation memory) when
    /// the implementation keeps one; nil: no tenant's corrections. The caller decides whose memory
    /// a reader may see (the hub: the conversation's owner, and only where every reader is of it).
    func localize(_ text: String, declared source: Language, into targets: Set<Language>,
                  names: [String: String], tenant: String?) async -> LocalizationResult

    /// Drops whatever renderings of `text` the implementation keeps (a deleted message's text).
    func forget(_ text: String)
}

extension MessageLocalizing {
    /// Localizers that keep nothing have nothing to forget.
    public func forget(_ text: String) {}

    /// Localizers that know nothing of names ignore them.
    public func localize(_ text: String, declared source: Language, into targets: Set<Language>,
                         names: [String: String]) async -> LocalizationResult {
        await localize(text, declared: source, into: targets)
    }

    /// Localizers without a translation memory ignore the tenant.
    public func localize(_ text: String, declared source: Language, into targets: Set<Language>,
                         names: [String: String], tenant: String?) async -> LocalizationResult {
        await localize(text, declared: source, into: targets, names: names)
    }
}

/// The outcome of localizing one message.
public struct LocalizationResult: Sendable {
    /// The detected source language (the declared one when detection is unsure).
    public var source: Language
    /// Rendered text per target language.
    public var renderings: [Language: LocalizedText]

    public init(source: Language, renderings: [Language: LocalizedText]) {
        self.source = source
        self.renderings = renderings
    }
}

/// The localizer that shows everyone the original text. The default when no translation layer is wired.
public struct OriginalTextLocalizer: MessageLocalizing {
    public init() {}

    public func localize(_ text: String, declared source: Language, into targets: Set<Language>) async -> LocalizationResult {
        LocalizationResult(source: source, renderings: [:])
    }
}
