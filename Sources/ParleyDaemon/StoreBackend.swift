import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyStore
import ParleyWeb

/// The hub's backend on the embedded store: tokens, reads, the group-commit writer and the HTTP API.
final class StoreBackend: HubBackend {
    let store: Store
    let tokens: TokenAuthority
    let hub: HubReference
    let logger: Logger
    let api: HTTPAPI
    let extensions: ExtensionRouter
    private let writer: MessageWriterBox
    let languages: LanguageRecorder

    init(store: Store, tokens: TokenAuthority, hub: HubReference, extensions: ExtensionRouter, web: WebSite?, dev: DevSignIn?, logger: Logger) {
        self.store = store
        self.tokens = tokens
        self.hub = hub
        self.logger = logger
        self.extensions = extensions
        self.writer = MessageWriterBox(store: store, hub: hub)
        self.languages = LanguageRecorder(store: store)
        self.api = HTTPAPI(store: store, tokens: tokens, hub: hub, meetings: extensions.meetings, web: web, dev: dev, logger: logger)
    }

    func stopWriter() { writer.writer.stop() }

    func authenticate(token: String) async -> Result<Identity, ProtocolError> {
        let result = await tokens.verify(token)
        if case .success(let identity) = result { languages.record(identity.user, identity.language) }
        return result
    }

    func framesAfterWelcome(for identity: Identity) async -> [[UInt8]] {
        await extensions.meetings?.inbox(for: identity.user) ?? []
    }

    func allConversations() async throws -> [Conversation] { try store.allConversations() }

    func summaries(for user: UserRef) async throws -> [ConversationSummary] { try store.summaries(for: user) }

    func settings(for user: UserRef) async -> (language: Language?, translate: Bool)? { try? store.settings(for: user) }

    func saveSettings(for user: UserRef, language: Language?, translate: Bool) async throws {
        try store.saveSettings(for: user, language: language, translate: translate)
    }

    func append(_ batch: [(OutgoingMessage, token: UInt64)]) { writer.writer.append(contentsOf: batch) }

    func catchUp(conversation: String, after seq: Int64, limit: Int, topics: Set<String>?) async throws -> (messages: [ChatMessage], lastSeq: Int64) {
        try store.catchUp(in: conversation, after: seq, limit: limit, topics: topics)
    }

    func history(conversation: String, before: Int64?, limit: Int, topic: String?) async throws -> (messages: [ChatMessage], more: Bool) {
        try store.history(in: conversation, before: before, limit: limit, topic: topic)
    }

    func topics(conversation: String) async throws -> [TopicSummary] { try store.topics(in: conversation) }

    func markRead(_ user: UserRef, conversation: String, seq: Int64) async throws -> Int64 {
        try store.markRead(user, in: conversation, upTo: seq)
    }

    func openDirect(_ a: UserRef, _ b: UserRef) async throws -> (Conversation, created: Bool) { try store.openDirect(a, b) }

    func handle(_ request: HTTPRequest) async -> HTTPResponse { await api.handle(request) }

    func handleExtension(type: String, json: [UInt8], requestID: String?, from identity: Identity, reply: ExtensionReplier) async {
        await extensions.handle(type: type, json: json, requestID: requestID, from: identity, reply: reply)
    }
}

/// Owns the group-commit writer and forwards its commits to the hub.
final class MessageWriterBox: Sendable {
    let writer: MessageWriter

    init(store: Store, hub: HubReference) {
        writer = MessageWriter(store: store) { outcomes, failures in
            hub.value?.committed(outcomes, rejected: failures)
        }
    }
}

/// Routes `meeting.*` frames to the feature that handles them.
protocol FrameExtension: Sendable {
    func handle(type: String, json: [UInt8], requestID: String?, from identity: Identity, reply: ExtensionReplier) async
    /// `POST /api/v1/meetings`.
    func upload(_ body: [UInt8], as identity: Identity) async -> HTTPResponse
    /// Frames kept for a user while they were offline; handed out once.
    func inbox(for user: UserRef) async -> [[UInt8]]
}

/// The extensions the daemon was built with.
final class ExtensionRouter: Sendable {
    let meetings: (any FrameExtension)?
    init(meetings: (any FrameExtension)?) { self.meetings = meetings }

    func handle(type: String, json: [UInt8], requestID: String?, from identity: Identity, reply: ExtensionReplier) async {
        if type.hasPrefix("meeting."), let meetings {
            await meetings.handle(type: type, json: json, requestID: requestID, from: identity, reply: reply)
        } else {
            reply(ServerFrames.error(ProtocolError(.unknownType, "unknown frame type '\(type)'", requestID: requestID)))
        }
    }
}
