/// One piece of a translation: the source it covers, what it became and why (for `--explain`).
public struct TranslationUnit: Sendable, Hashable {
    public enum Kind: String, Sendable { case phrase, unknown, punctuation, protected, glossary }

    public var kind: Kind
    public var source: String
    public var target: String
    /// Part-of-speech tag from the entry, used by reordering rules.
    public var tag: String
    /// Which entry produced it ("pairs/en-es.core.tsv:12"), the span kind, or "unknown".
    public var origin: String
    var spaceBefore: Bool
    /// A verb form a Chinese aspect rule asked for (了 → past, 在 → progressive), realised by the
    /// English clause rules once the subject is known, or by the pivot in the final language.
    var form: EnglishVerbForms.Form? = nil

    init(kind: Kind, source: String, target: String, tag: String = "", origin: String, spaceBefore: Bool) {
        self.kind = kind
        self.source = source
        self.target = target
        self.tag = tag
        self.origin = origin
        self.spaceBefore = spaceBefore
    }
}
