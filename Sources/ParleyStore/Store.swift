import Foundation
import ParleyDomain

/// Parley's durable state, whatever holds it: the one contract the hub's backend, the features
/// (meetings, search, the cluster link) and the HTTP API use. `SQLiteStore` (ParleyStoreSQLite, the
/// embedded default) and `PostgresStore` (ParleyStorePostgres, cluster mode) implement it; no SQL
/// lives outside those two modules.
///
/// Every method may be called from any task. Messages are appended through the store's group-commit
/// writer (`makeWriter`), never one by one.
public protocol Store: Sendable {
    /// "sqlite" or "postgres", for logs, `/healthz` and metrics.
    var backendName: String { get }

    // MARK: Directory

    /// Creates a group or topic group owned by `tenant`.
    func createConversation(kind: ConversationKind, tenant: String, title: String,
                            members: [UserRef], sharedWith: [String], id: String?) async throws -> Conversation
    func conversation(_ id: String) async throws -> Conversation?
    /// Every conversation with its members: the hub's directory at start.
    func allConversations() async throws -> [Conversation]
    /// Adds a member; refused when the user's tenant is neither the owner nor shared.
    func addMember(_ user: UserRef, to id: String) async throws -> Conversation
    func removeMember(_ user: UserRef, from id: String) async throws -> Conversation
    /// Shares a group with another tenant, whose users may then be added as members.
    func share(_ id: String, with tenant: String) async throws -> Conversation
    /// The direct conversation between two users, created on first use.
    func openDirect(_ a: UserRef, _ b: UserRef) async throws -> (Conversation, created: Bool)
    /// The conversations `user` belongs to, with unread counts.
    func summaries(for user: UserRef) async throws -> [ConversationSummary]
    /// The groups a tenant owns (admin listing).
    func conversations(ownedBy tenant: String) async throws -> [Conversation]
    /// What `welcome` needs for each of `users`, read together: after a node restarts, thousands of
    /// clients arrive within a second. Each user's `UserArrival` holds what `summaries(for:)` and
    /// `settings(for:)` return and whether `pendingMinutes(for:)` has anything. The default
    /// implementation calls those one user at a time; a store should answer in one read.
    func arrivals(of users: [UserRef]) async throws -> [UserRef: UserArrival]

    // MARK: Messages

    /// The group-commit writer: sequence numbers assigned inside the commit, gap-free per
    /// conversation; outcomes reported after the commit, in commit order.
    func makeWriter(onCommit: @escaping MessageWriting.Completion) -> any MessageWriting
    /// Messages after `seq` (matching `topics` when set), at most `limit`, and the conversation's
    /// newest sequence number as of the same read.
    func catchUp(in conversation: String, after seq: Int64, limit: Int, topics: Set<String>?) async throws -> (messages: [ChatMessage], lastSeq: Int64)
    /// A page of history before `before` (exclusive; nil: the newest), oldest first, and whether older ones remain.
    func history(in conversation: String, before: Int64?, limit: Int, topic: String?) async throws -> (messages: [ChatMessage], more: Bool)
    /// The topics of a topic group with their last activity, most recent first.
    func topics(in conversation: String) async throws -> [TopicSummary]
    /// Moves `user`'s read mark forward (never back) and returns the unread count after it.
    func markRead(_ user: UserRef, in conversation: String, upTo seq: Int64) async throws -> Int64

    // MARK: Users

    /// A user's saved language and translation choice, if they ever changed them.
    func settings(for user: UserRef) async throws -> (language: Language?, translate: Bool)?
    func saveSettings(for user: UserRef, language: Language?, translate: Bool) async throws
    /// Records the languages users' tokens declare, unless a user chose one explicitly.
    func rememberLanguages(_ languages: [UserRef: Language]) async throws

    // MARK: Meetings

    func createMeeting(_ m: Meeting) async throws
    func meeting(_ id: String) async throws -> Meeting?
    /// Live meetings, ended ones without minutes, concluded ones whose newest minutes are not posted.
    func unfinishedMeetings() async throws -> [Meeting]
    func utterances(of meeting: String) async throws -> [MeetingUtterance]
    /// Closes a live meeting (idempotent) and returns it as stored.
    func endMeeting(_ id: String, at time: Int64) async throws -> Meeting?
    /// Stores a version of a meeting's minutes and puts it in every attendee's inbox, in one
    /// transaction; `searchable` (in `language`) is indexed for search.
    func storeMinutes(meeting: String, version: Int64, body: String, attendees: [UserRef],
                      searchable: String?, language: Language) async throws
    func minutes(of meeting: String) async throws -> (version: Int64, body: String)?
    func markMinutesPosted(meeting: String, version: Int64) async throws
    /// Minutes waiting for `user`'s acknowledgement, oldest meeting first.
    func pendingMinutes(for user: UserRef) async throws -> [(meeting: String, version: Int64)]
    /// Removes the inbox entry for minutes `version` (or older); returns whether one was removed.
    @discardableResult
    func acknowledgeMinutes(_ user: UserRef, meeting: String, version: Int64) async throws -> Bool
    /// Stores an uploaded meeting, already ended, with its utterances, in one transaction.
    func storeEndedMeeting(_ m: Meeting, utterances: [UtteranceAppend]) async throws

    // MARK: Search

    /// Matching messages in `s.conversations`, newest first or best first, with index positions.
    func search(_ s: MessageSearch) async throws -> [(message: ChatMessage, position: Int64)]
    /// Matching minutes of meetings `user` attended.
    func searchMinutes(terms: [String], user: UserRef, since: Int64?, until: Int64?,
                       after: (endedAt: Int64, meeting: String)?, limit: Int) async throws -> [MinutesHit]
    /// The conversations `user` is a member of, and the languages present in them.
    func searchScope(for user: UserRef) async throws -> (conversations: [String], languages: [Language])

    // MARK: Translation corrections

    /// Stores a new suggestion. One already `accepted` (the tenant accepts its author's at once)
    /// enters the tenant's memory under `memoryKey` in the same transaction.
    func addSuggestion(_ suggestion: TranslationSuggestion, memoryKey: String) async throws
    func suggestion(_ id: String) async throws -> TranslationSuggestion?
    /// A tenant's suggestions in `state`, oldest first, at most `limit`.
    func suggestions(tenant: String, state: TranslationSuggestion.State, limit: Int) async throws -> [TranslationSuggestion]
    /// Accepts or rejects a pending suggestion and returns it as decided; an accepted one enters its
    /// tenant's memory under `memoryKey` (replacing the entry for the same key) in the same
    /// transaction. `.notFound` when there is no such suggestion, `.conflict` when it was decided.
    func decideSuggestion(_ id: String, accept: Bool, by admin: UserRef, at time: Int64,
                          memoryKey: String) async throws -> TranslationSuggestion
    /// Every tenant's translation memory accepted at or after `since` (milliseconds since 1970; 0:
    /// all): what the translator answers from first, loaded at start (and, in cluster mode, what
    /// other nodes accepted since).
    func memoryEntries(acceptedSince since: Int64) async throws -> [TranslationMemoryEntry]
    /// The users whose suggestions `tenant` accepts without an admin.
    func autoAcceptedAuthors(tenant: String) async throws -> [UserRef]
    /// Replaces that list.
    func setAutoAcceptedAuthors(_ users: [UserRef], tenant: String) async throws

    // MARK: Cluster

    /// Hints of what other nodes committed (cluster mode); nil when no other node can write
    /// (the embedded store). Hints are never messages: the receiver reads the store.
    var events: AsyncStream<StoreEvent>? { get }
    /// Every conversation's newest sequence number and directory version: what a node compares
    /// with what it delivered, after a lost hint.
    func marks() async throws -> [ConversationMark]
    /// Whether the database answers (`/healthz`).
    func health() async -> StoreHealth

    /// Closes the database. Call once, after the writer has stopped.
    func close() async
}

/// What a connecting user's `welcome` needs from the store (see `Store.arrivals(of:)`).
public struct UserArrival: Sendable {
    /// As `summaries(for:)`: the user's conversations, with unread counts.
    public var summaries: [ConversationSummary]
    /// As `settings(for:)`: the saved language and translation choice, if the user has a row.
    public var settings: (language: Language?, translate: Bool)?
    /// Whether minutes wait in the user's inbox (`pendingMinutes(for:)` is not empty).
    public var minutesWaiting: Bool

    public init(summaries: [ConversationSummary], settings: (language: Language?, translate: Bool)?, minutesWaiting: Bool) {
        self.summaries = summaries
        self.settings = settings
        self.minutesWaiting = minutesWaiting
    }
}

extension Store {
    /// One user at a time, through the single-user reads.
    public func arrivals(of users: [UserRef]) async throws -> [UserRef: UserArrival] {
        var found: [UserRef: UserArrival] = [:]
        for user in users {
            found[user] = UserArrival(summaries: try await summaries(for: user), settings: try await settings(for: user),
                                  minutesWaiting: !(try await pendingMinutes(for: user)).isEmpty)
        }
        return found
    }

    public func createConversation(kind: ConversationKind, tenant: String, title: String, members: [UserRef]) async throws -> Conversation {
        try await createConversation(kind: kind, tenant: tenant, title: title, members: members, sharedWith: [], id: nil)
    }

    public func storeMinutes(meeting: String, version: Int64, body: String, attendees: [UserRef]) async throws {
        try await storeMinutes(meeting: meeting, version: version, body: body, attendees: attendees, searchable: nil, language: .undetermined)
    }
}

/// Milliseconds since 1970, as both stores write times.
public enum StoreClock {
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
