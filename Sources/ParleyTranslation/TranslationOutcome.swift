import ParleyDomain

/// The result of translating one text into one language, with who produced it and why.
public struct TranslationOutcome: Sendable {
    public var text: String
    public var source: Language
    public var target: Language
    /// "dictionary", a hook name, "cache:<engine>", or "original" when nothing was translated.
    public var engine: String
    /// Set when the routed hook failed or timed out and the dictionary engine answered instead.
    public var fallbackReason: String?
    /// The dictionary engine's units (only when asked for an explanation and the dictionary answered).
    public var units: [TranslationUnit]
    /// Why nothing was translated, for the reader: "no translation available for ja".
    public var notice: String? = nil
    /// The protected spans found in the original.
    public var protectedSpans: [ProtectedSpan]
}
