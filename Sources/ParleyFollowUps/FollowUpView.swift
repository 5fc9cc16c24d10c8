import ParleyDomain

/// A follow-up as one reader sees it (`followup` and `followups` frames): the text in the reader's
/// language with the original beside it, as messages carry theirs.
struct FollowUpView: Encodable, Sendable {
    struct Original: Encodable, Sendable {
        var text: String
        var lang: String
    }

    struct Change: Encodable, Sendable {
        var by: String
        var at: Int64
        var change: FollowUpChange.Change
    }

    var id: String
    var text: String
    var lang: String
    var original: Original?
    var owner: String
    var requester: String
    var status: String
    var due: String?
    var timeZone: String?
    var meeting: String?
    var conversation: String?
    var excerpt: String?
    var createdAt: Int64
    var updatedAt: Int64
    var history: [Change]

    init(_ item: FollowUp, rendering: LocalizedText?) {
        id = item.id
        text = rendering?.text ?? item.text
        lang = (rendering?.language ?? item.language).code
        original = rendering.map { _ in Original(text: item.text, lang: item.language.code) }
        owner = item.owner.description
        requester = item.requester.description
        status = item.status.rawValue
        due = item.due?.description
        timeZone = item.timeZone
        meeting = item.meeting
        conversation = item.conversation
        excerpt = item.excerpt
        createdAt = item.createdAt
        updatedAt = item.updatedAt
        history = item.history.map { Change(by: $0.by.description, at: $0.at, change: $0.change) }
    }
}

/// Reply bodies of the follow-up frames.
struct FollowUpReply: Encodable, Sendable {
    /// "created" or "updated" on a pushed `followup`; nil on a reply.
    var event: String?
    var followup: FollowUpView
}

struct FollowUpList: Encodable, Sendable {
    var followups: [FollowUpView]
}
