/// An external machine-translation engine. Hooks see masked text: protected spans and glossary
/// terms are replaced by placeholders before the call and restored after it.
public protocol TranslationHook: Sendable {
    /// The engine name reported with each translation ("apertium-en-es", "libretranslate").
    var name: String { get }
    /// Translates one line. Throws `TranslationError.hookFailed` when the engine cannot answer.
    func translate(_ text: String, pair: LanguagePair) async throws -> String
    /// Releases processes or connections; the hook may start again on the next call.
    func shutdown() async
}
