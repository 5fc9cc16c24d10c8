/// What the layers above the domain (translation, minutes) need from a text library.
///
/// ParleyText implements it on ICU; the daemon and the command line inject that
/// implementation, so translation and minutes never import ICU or each other.
/// All ranges are ranges of the string passed in.
public protocol TextAnalyzing: Sendable {
    /// Sentences, as ICU's sentence break iterator finds them for `language`,
    /// with surrounding whitespace trimmed and empty ones dropped.
    func sentences(in text: String, language: Language) -> [Substring]

    /// Word-like tokens (letters, numbers, ideographs, kana), skipping spaces and punctuation.
    /// For Chinese and Japanese this is ICU's dictionary segmentation.
    func words(in text: String, language: Language) -> [Substring]

    /// Canonical composition (NFC): the form Parley stores and shows.
    func composed(_ text: String) -> String

    /// The matching key: NFKC with case folding (Turkish and Azeri fold I/İ by their rules).
    func matchingKey(_ text: String, language: Language) -> String

    /// ISO 15924 script code of the dominant script of `text` ("Latn", "Hani", "Cyrl"), ignoring
    /// common characters (digits, punctuation); "Zyyy" when there are no letters.
    func dominantScript(of text: String) -> String

    /// Applies an ICU transform such as "Han-Latin; Latin-ASCII"; returns the input unchanged if
    /// the transform id is unknown.
    func transliterate(_ text: String, transform: String) -> String
}
