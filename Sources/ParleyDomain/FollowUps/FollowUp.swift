/// Something a person is to do for someone else, tracked until it is done and accepted: made from a
/// meeting's action item (or sent in by another system), owned by one user, asked for by another
/// (the meeting's host). docs/protocol.md, "Follow-ups".
public struct FollowUp: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Made from minutes; the owner has not answered yet.
        case proposed
        /// The owner took it on.
        case open
        /// The owner says it is done; the requester is asked to accept.
        case done
        /// The requester accepted the work: closed.
        case accepted
        /// Nobody will do it: closed.
        case dropped

        public var isClosed: Bool { self == .accepted || self == .dropped }
    }

    /// Stable across redos: `f-` + the meeting id + the action item's utterance, for minutes.
    public var id: String
    public var tenant: String
    /// What is to be done, as said (in `language`).
    public var text: String
    public var language: Language
    public var owner: UserRef
    /// Who asked for it and accepts it: the meeting's host.
    public var requester: UserRef
    public var due: ISODate?
    /// The owner's IANA time zone when known ("Asia/Shanghai"); reminders are due in it.
    public var timeZone: String?
    public var meeting: String?
    /// The meeting's group, where it was decided.
    public var conversation: String?
    /// The transcript line it came from.
    public var excerpt: String?
    public var status: Status
    /// Milliseconds since 1970.
    public var createdAt: Int64
    public var updatedAt: Int64
    /// Every change, oldest first (the creation included).
    public var history: [FollowUpChange]

    public init(id: String, tenant: String, text: String, language: Language, owner: UserRef, requester: UserRef, due: ISODate?,
                timeZone: String? = nil, meeting: String? = nil, conversation: String? = nil, excerpt: String? = nil,
                status: Status = .proposed, at: Int64) {
        self.id = id
        self.tenant = tenant
        self.text = text
        self.language = language
        self.owner = owner
        self.requester = requester
        self.due = due
        self.timeZone = timeZone
        self.meeting = meeting
        self.conversation = conversation
        self.excerpt = excerpt
        self.status = status
        self.createdAt = at
        self.updatedAt = at
        history = [FollowUpChange(by: requester, at: at, change: .created(status))]
    }

    /// The two people a follow-up concerns (told of every change).
    public var parties: Set<UserRef> { [owner, requester] }
}

/// One entry of a follow-up's history: who changed what, when.
public struct FollowUpChange: Sendable, Equatable, Codable {
    public enum Change: Sendable, Equatable, Codable {
        case created(FollowUp.Status)
        case status(from: FollowUp.Status, to: FollowUp.Status)
        case owner(from: UserRef, to: UserRef)
        case due(from: ISODate?, to: ISODate?)
        case text(from: String, to: String)
    }

    public var by: UserRef
    /// Milliseconds since 1970.
    public var at: Int64
    public var change: Change

    public init(by: UserRef, at: Int64, change: Change) {
        self.by = by
        self.at = at
        self.change = change
    }
}
