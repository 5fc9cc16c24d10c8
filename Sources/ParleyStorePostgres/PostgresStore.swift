import Foundation
import Logging
import ParleyDomain
import ParleyStore

/// Parley's durable state on PostgreSQL (cluster mode): the same contract as the embedded store,
/// shared by every node, with LISTEN/NOTIFY carrying hints between nodes.
///
/// SKELETON: every operation still refuses; the implementation is being written.
public final class PostgresStore: Store {
    public let configuration: PostgresConfiguration
    let logger: Logger
    let searchText: SearchText?

    init(configuration: PostgresConfiguration, searchText: SearchText?, logger: Logger) {
        self.configuration = configuration
        self.searchText = searchText
        self.logger = logger
    }

    /// Connects, creates or migrates the schema (refusing a newer one) and starts listening.
    public static func open(_ configuration: PostgresConfiguration, searchText: SearchText?, logger: Logger) async throws -> PostgresStore {
        throw StoreError(.refused, "the PostgreSQL store is not built yet")
    }

    public var backendName: String { "postgres" }
    private func missing() -> StoreError { StoreError(.refused, "the PostgreSQL store is not built yet") }

    public func createConversation(kind: ConversationKind, tenant: String, title: String, members: [UserRef], sharedWith: [String], id: String?) async throws -> Conversation { throw missing() }
    public func conversation(_ id: String) async throws -> Conversation? { throw missing() }
    public func allConversations() async throws -> [Conversation] { throw missing() }
    public func addMember(_ user: UserRef, to id: String) async throws -> Conversation { throw missing() }
    public func removeMember(_ user: UserRef, from id: String) async throws -> Conversation { throw missing() }
    public func share(_ id: String, with tenant: String) async throws -> Conversation { throw missing() }
    public func openDirect(_ a: UserRef, _ b: UserRef) async throws -> (Conversation, created: Bool) { throw missing() }
    public func summaries(for user: UserRef) async throws -> [ConversationSummary] { throw missing() }
    public func conversations(ownedBy tenant: String) async throws -> [Conversation] { throw missing() }
    public func makeWriter(onCommit: @escaping MessageWriting.Completion) -> any MessageWriting { fatalError("not built") }
    public func catchUp(in conversation: String, after seq: Int64, limit: Int, topics: Set<String>?) async throws -> (messages: [ChatMessage], lastSeq: Int64) { throw missing() }
    public func history(in conversation: String, before: Int64?, limit: Int, topic: String?) async throws -> (messages: [ChatMessage], more: Bool) { throw missing() }
    public func topics(in conversation: String) async throws -> [TopicSummary] { throw missing() }
    public func markRead(_ user: UserRef, in conversation: String, upTo seq: Int64) async throws -> Int64 { throw missing() }
    public func settings(for user: UserRef) async throws -> (language: Language?, translate: Bool)? { throw missing() }
    public func saveSettings(for user: UserRef, language: Language?, translate: Bool) async throws { throw missing() }
    public func rememberLanguages(_ languages: [UserRef: Language]) async throws { throw missing() }
    public func createMeeting(_ m: Meeting) async throws { throw missing() }
    public func meeting(_ id: String) async throws -> Meeting? { throw missing() }
    public func unfinishedMeetings() async throws -> [Meeting] { throw missing() }
    public func utterances(of meeting: String) async throws -> [MeetingUtterance] { throw missing() }
    public func endMeeting(_ id: String, at time: Int64) async throws -> Meeting? { throw missing() }
    public func storeMinutes(meeting: String, version: Int64, body: String, attendees: [UserRef], searchable: String?, language: Language) async throws { throw missing() }
    public func minutes(of meeting: String) async throws -> (version: Int64, body: String)? { throw missing() }
    public func markMinutesPosted(meeting: String, version: Int64) async throws { throw missing() }
    public func pendingMinutes(for user: UserRef) async throws -> [(meeting: String, version: Int64)] { throw missing() }
    public func acknowledgeMinutes(_ user: UserRef, meeting: String, version: Int64) async throws -> Bool { throw missing() }
    public func storeEndedMeeting(_ m: Meeting, utterances: [UtteranceAppend]) async throws { throw missing() }
    public func search(_ s: MessageSearch) async throws -> [(message: ChatMessage, position: Int64)] { throw missing() }
    public func searchMinutes(terms: [String], user: UserRef, since: Int64?, until: Int64?, after: (endedAt: Int64, meeting: String)?, limit: Int) async throws -> [MinutesHit] { throw missing() }
    public func searchScope(for user: UserRef) async throws -> (conversations: [String], languages: [Language]) { throw missing() }
    public var events: AsyncStream<StoreEvent>? { nil }
    public func marks() async throws -> [ConversationMark] { throw missing() }
    public func health() async -> StoreHealth { StoreHealth(reachable: false, problem: "not built") }
    public func close() async {}
}
