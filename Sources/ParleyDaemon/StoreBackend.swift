import Foundation
import Logging
import ParleyCorrections
import ParleyDomain
import ParleyHub
import ParleyIdentity
import ParleyMeetings
import ParleySearch
import ParleyCluster
import ParleyStore
import ParleyWeb

/// The hub's backend on the embedded store: tokens, reads, the group-commit writer and the HTTP API.
final class StoreBackend: HubBackend {
    let store: any Store
    let tokens: TokenAuthority
    let hub: HubReference
    let logger: Logger
    let api: HTTPAPI
    let extensions: ExtensionRouter
    private let writer: any MessageWriting
    /// Cluster mode: the link that hands this node's commits to the hub beside other nodes' ones.
    let cluster = ClusterReference()
    let languages: LanguageRecorder
    /// Reads arriving users' welcome data, many users per store read.
    let arrivals: ArrivalReader
    /// Sign-in with identity providers (nil: none configured): deactivated users' tokens are refused.
    let identity: IdentityDesk?
    /// Tokens and the features' own credentials (API keys).
    let credentials: Credentials

    init(store: any Store, tokens: TokenAuthority, hub: HubReference, extensions: ExtensionRouter, maxTextBytes: Int,
         web: WebSite?, dev: DevSignIn?, identity: IdentityDesk? = nil, logger: Logger) {
        self.store = store
        self.identity = identity
        self.tokens = tokens
        self.hub = hub
        self.logger = logger
        self.extensions = extensions
        credentials = Credentials(tokens: tokens, features: extensions.features, identity: identity)
        let cluster = self.cluster
        let observers = extensions.features.compactMap { $0 as? any CommitObserver }
        self.writer = store.makeWriter { outcomes, failures in
            for observer in observers { observer.committed(outcomes) }
            if let link = cluster.value {
                link.localCommitted(outcomes, rejected: failures)
            } else {
                hub.value?.committed(outcomes, rejected: failures)
            }
        }
        self.languages = LanguageRecorder(store: store, logger: logger)
        self.arrivals = ArrivalReader(store: store, logger: logger)
        self.api = HTTPAPI(store: store, tokens: tokens, credentials: credentials, hub: hub, meetings: extensions.meetings, corrections: extensions.corrections,
                           features: extensions.features,
                           web: web, dev: dev, identity: identity, logger: logger,
                           maxTextBytes: maxTextBytes)
    }

    func stopWriter() async { await writer.stop() }

    /// The group-commit writer (meetings append their utterances through it).
    var messageWriter: any MessageWriting { writer }

    func authenticate(token: String) async -> Result<Identity, ProtocolError> {
        let result = await credentials.verify(token)
        if case .success(let user) = result {
            if let refusal = await identity?.refusal(of: user) { return .failure(ProtocolError(.unauthorized, refusal)) }
            languages.record(user.user, user.language)
        }
        return result
    }

    func arrival(of identity: Identity) async -> Arrival {
        let user = identity.user
        var waiting: [[UInt8]] = []
        for feature in extensions.features { waiting += await feature.arrivalFrames(for: identity) }
        guard let read = await arrivals.arrival(of: user) else {
            // The shared read failed: the single-user reads, as each part fails on its own.
            return Arrival(summaries: (try? await store.summaries(for: user)) ?? [], settings: try? await store.settings(for: user),
                           frames: (await extensions.meetings?.inbox(for: identity) ?? []) + waiting)
        }
        // Minutes wait for few users: only they cost a read of their inbox.
        let frames = read.minutesWaiting ? await extensions.meetings?.inbox(for: identity) ?? [] : []
        return Arrival(summaries: read.summaries, settings: read.settings, frames: frames + waiting)
    }

    func allConversations() async throws -> [Conversation] { try await store.allConversations() }

    func summaries(for user: UserRef) async throws -> [ConversationSummary] { try await store.summaries(for: user) }

    func saveSettings(for user: UserRef, language: Language?, translate: Bool) async throws {
        try await store.saveSettings(for: user, language: language, translate: translate)
    }

    func append(_ batch: [(OutgoingMessage, token: UInt64)]) {
        cluster.value?.willAppend(batch)
        writer.append(contentsOf: batch)
    }

    func catchUp(conversation: String, after seq: Int64, limit: Int, topics: Set<String>?) async throws -> (messages: [ChatMessage], lastSeq: Int64) {
        try await store.catchUp(in: conversation, after: seq, limit: limit, topics: topics)
    }

    func history(conversation: String, before: Int64?, limit: Int, topic: String?) async throws -> (messages: [ChatMessage], more: Bool) {
        try await store.history(in: conversation, before: before, limit: limit, topic: topic)
    }

    func topics(conversation: String) async throws -> [TopicSummary] { try await store.topics(in: conversation) }

    func markRead(_ user: UserRef, conversation: String, seq: Int64) async throws -> Int64 {
        try await store.markRead(user, in: conversation, upTo: seq)
    }

    func openDirect(_ a: UserRef, _ b: UserRef) async throws -> (Conversation, created: Bool) { try await store.openDirect(a, b) }

    func handle(_ request: HTTPRequest) async -> HTTPResponse { await api.handle(request) }

    func handleSearch(_ request: SearchRequest, requestID: String?, from reader: SearchReader, reply: ExtensionReplier) async {
        guard let search = extensions.search else {
            return reply(ServerFrames.error(ProtocolError(.unknownType, "search is not enabled in this daemon", requestID: requestID)))
        }
        await search.handle(request, requestID: requestID, from: reader, reply: reply)
    }

    func handleMeeting(_ request: MeetingRequest, requestID: String?, from identity: Identity, session: String, reply: ExtensionReplier) async {
        guard let meetings = extensions.meetings else {
            return reply(ServerFrames.error(ProtocolError(.unknownType, "meetings are not enabled in this daemon", requestID: requestID)))
        }
        meetings.handle(request, requestID: requestID, from: identity, session: session, reply: reply)
    }

    func handleFeature(_ frame: FeatureFrame, from identity: Identity, reply: ExtensionReplier) async {
        guard let feature = extensions.feature(for: frame.type) else {
            return reply(ServerFrames.error(ProtocolError(.unknownType, "unknown frame type '\(frame.type)'", requestID: frame.requestID)))
        }
        await feature.handle(frame, from: identity, reply: reply)
    }

    func handleTranslation(_ request: TranslationRequest, requestID: String?, from identity: Identity, reply: ExtensionReplier) async {
        guard let corrections = extensions.corrections else {
            return reply(ServerFrames.error(ProtocolError(.unknownType, "translation corrections are not enabled in this daemon", requestID: requestID)))
        }
        await corrections.handle(request, requestID: requestID, from: identity, reply: reply)
    }
}

/// The features the daemon was built with: the three that predate the feature contract by name,
/// the others as `Feature`s, found by the frame types they declare.
final class ExtensionRouter: Sendable {
    let meetings: MeetingDesk?
    let search: SearchDesk?
    let corrections: CorrectionDesk?
    let features: [any Feature]
    private let byFrameType: [String: any Feature]

    init(meetings: MeetingDesk?, search: SearchDesk?, corrections: CorrectionDesk?, features: [any Feature] = []) {
        self.meetings = meetings
        self.search = search
        self.corrections = corrections
        self.features = features
        var byFrameType: [String: any Feature] = [:]
        for feature in features {
            for type in feature.frameTypes { byFrameType[type] = feature }
        }
        self.byFrameType = byFrameType
    }

    /// Every frame type a feature owns (the hub's parser hands these on whole).
    var frameTypes: Set<String> { Set(byFrameType.keys) }

    func feature(for frameType: String) -> (any Feature)? { byFrameType[frameType] }
}
