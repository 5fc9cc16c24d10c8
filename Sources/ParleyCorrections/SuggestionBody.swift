import ParleyDomain

/// A suggestion as frames carry it (docs/protocol.md, "Translation corrections").
struct SuggestionBody: Encodable, Sendable {
    var id: String
    var conversation: String
    var seq: Int64
    var source: String
    var lang: String
    var sourceText: String
    var text: String
    var author: String
    var state: String
    var createdAt: Int64
    var decidedAt: Int64?
    var decidedBy: String?
    /// The engine's rendering the suggestion replaces (the `translation.suggested` reply only).
    var machine: String?

    init(_ s: TranslationSuggestion, machine: String?) {
        id = s.id
        conversation = s.conversation
        seq = s.seq
        source = s.source.code
        lang = s.target.code
        sourceText = s.sourceText
        text = s.suggestedText
        author = s.author.description
        state = s.state.rawValue
        createdAt = s.createdAt
        decidedAt = s.decidedAt
        decidedBy = s.decidedBy?.description
        self.machine = machine
    }
}

struct SuggestionReply: Encodable, Sendable { var suggestion: SuggestionBody }
struct SuggestionList: Encodable, Sendable {
    var state: String
    var suggestions: [SuggestionBody]
}
