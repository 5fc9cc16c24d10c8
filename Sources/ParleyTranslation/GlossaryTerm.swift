import ParleyDomain

/// A company or domain term with its rendering per language (one row of a term table).
public struct GlossaryTerm: Sendable, Hashable {
    /// The term in each language it is defined for.
    public var forms: [Language: String]
    /// Higher wins when two terms overlap.
    public var priority: Int
    /// Kept exactly as written in every language (product names, code names).
    public var doNotTranslate: Bool
    /// A form that must not be used; kept for import fidelity, never emitted.
    public var forbidden: Bool
    /// "Always render as": the form used for every language that has no column of its own
    /// (a brand's Latin spelling, "柳工" → "LiuGong").
    public var renderAs: String?
    /// Where the term came from, "glossary/company.tsv:7".
    public var origin: String

    public init(forms: [Language: String], priority: Int = 0, doNotTranslate: Bool = false,
                forbidden: Bool = false, renderAs: String? = nil, origin: String = "") {
        self.renderAs = renderAs
        self.forms = forms
        self.priority = priority
        self.doNotTranslate = doNotTranslate
        self.forbidden = forbidden
        self.origin = origin
    }

    /// The rendering for `pair`, or nil when the term has no form in one of its languages.
    func rendering(for pair: LanguagePair) -> (source: String, target: String)? {
        guard !forbidden, let source = forms[pair.source] ?? (doNotTranslate ? forms.values.first : nil) else { return nil }
        if doNotTranslate { return (source, source) }
        guard let target = forms[pair.target] ?? renderAs else { return nil }
        return (source, target)
    }
}
