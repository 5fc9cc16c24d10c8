/// A `translation.*` frame (corrections to the translation memory), validated by `ClientFrameParser`.
public enum TranslationRequest: Sendable, Equatable {
    /// `translation.suggest`: a better rendering of message `seq` of `conversation` into `language`.
    case suggest(conversation: String, seq: Int64, language: Language, text: String)
    /// `translation.suggestions`: an admin lists their tenant's suggestions in `state` (default pending).
    case list(state: TranslationSuggestion.State)
    /// `translation.accept`: an admin accepts a pending suggestion; it enters the tenant's memory.
    case accept(suggestion: String)
    /// `translation.reject`: an admin rejects a pending suggestion.
    case reject(suggestion: String)

    /// The frame type, for logs and errors.
    public var kind: String {
        switch self {
        case .suggest: "translation.suggest"
        case .list: "translation.suggestions"
        case .accept: "translation.accept"
        case .reject: "translation.reject"
        }
    }
}
