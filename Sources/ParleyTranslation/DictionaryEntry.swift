/// One line of a pair dictionary: a source phrase and its translation.
public struct DictionaryEntry: Sendable, Hashable {
    /// The source phrase as written in the file.
    public var source: String
    /// The translation; empty means "drop this word" (written `~` in files).
    public var target: String
    /// Higher wins when two entries share a source; curated `.core.tsv` entries are loaded with +1000.
    public var weight: Int
    /// Part of speech used by reordering rules: "adj", "n", "v", "mw", "det", ... or "".
    public var tag: String
    /// Where the entry came from, "pairs/en-es.tsv:42", for `--explain`.
    public var origin: String

    public init(source: String, target: String, weight: Int = 1, tag: String = "", origin: String = "") {
        self.source = source
        self.target = target
        self.weight = weight
        self.tag = tag
        self.origin = origin
    }
}
