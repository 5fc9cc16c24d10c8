import ParleyDomain

/// What the hub needs from the rest of the daemon: identity, the store, and extensions.
/// The daemon implements it; tests may stub it. Every method may be called from any task.
public protocol HubBackend: Sendable {
    /// Verifies a token. The error names what is wrong (expired, bad signature, missing claim).
    func authenticate(token: String) async -> Result<Identity, ProtocolError>

    /// Every conversation with its members, loaded once when the hub starts.
    func allConversations() async throws -> [Conversation]

    func summaries(for user: UserRef) async throws -> [ConversationSummary]

    /// What a session needs once its token is checked: the user's conversations with unread
    /// counts, saved settings, and frames waiting for them. After a restart thousands of sessions
    /// arrive at once; the backend may answer many of them with one store read.
    func arrival(of identity: Identity) async -> Arrival

    func saveSettings(for user: UserRef, language: Language?, translate: Bool) async throws

    /// Queues messages for the group-commit writer, in order; the outcomes come back through
    /// `Hub.committed`. The hub passes everything sent during one service pass at once, so that
    /// a burst is committed, and fanned out, together.
    func append(_ batch: [(OutgoingMessage, token: UInt64)])

    /// Messages after `seq` and the conversation's newest sequence number at the time of the read.
    func catchUp(conversation: String, after seq: Int64, limit: Int, topics: Set<String>?) async throws -> (messages: [ChatMessage], lastSeq: Int64)
    func history(conversation: String, before: Int64?, limit: Int, topic: String?) async throws -> (messages: [ChatMessage], more: Bool)
    func topics(conversation: String) async throws -> [TopicSummary]
    func markRead(_ user: UserRef, conversation: String, seq: Int64) async throws -> Int64
    func openDirect(_ a: UserRef, _ b: UserRef) async throws -> (Conversation, created: Bool)

    /// HTTP requests other than the WebSocket upgrade.
    func handle(_ request: HTTPRequest) async -> HTTPResponse

    /// `search` frames, off the service threads.
    func handleSearch(_ request: SearchRequest, requestID: String?, from reader: SearchReader, reply: ExtensionReplier) async

    /// `meeting.*` frames (a feature outside the hub), from an authenticated session named
    /// `session` (for logs). Replies go back through `ExtensionReplier`.
    func handleMeeting(_ request: MeetingRequest, requestID: String?, from identity: Identity, session: String, reply: ExtensionReplier) async

    /// `translation.*` frames (the corrections feature), off the service threads.
    func handleTranslation(_ request: TranslationRequest, requestID: String?, from identity: Identity, reply: ExtensionReplier) async

    /// A frame of a type a feature module registered (`HubConfiguration.featureFrameTypes`), off
    /// the service threads.
    func handleFeature(_ frame: FeatureFrame, from identity: Identity, reply: ExtensionReplier) async
}

/// What the hub needs to welcome a user (see `HubBackend.arrival(of:)`).
public struct Arrival: Sendable {
    /// The user's conversations with unread counts; empty when the store could not be read.
    public var summaries: [ConversationSummary]
    /// The user's saved language and translation choice, if any.
    public var settings: (language: Language?, translate: Bool)?
    /// Frames waiting for a user who was offline (meeting minutes), sent right after `welcome`.
    public var frames: [[UInt8]]

    public init(summaries: [ConversationSummary], settings: (language: Language?, translate: Bool)?, frames: [[UInt8]]) {
        self.summaries = summaries
        self.settings = settings
        self.frames = frames
    }
}

/// Who searches: their identity, and the language they read in (nil: originals only).
public struct SearchReader: Sendable {
    public var identity: Identity
    public var language: Language?
    public init(identity: Identity, language: Language?) {
        self.identity = identity
        self.language = language
    }
}

/// Sends reply frames to the session an extension frame came from.
public struct ExtensionReplier: Sendable {
    let send: @Sendable ([UInt8]) -> Void
    public init(send: @escaping @Sendable ([UInt8]) -> Void) { self.send = send }
    public func callAsFunction(_ payload: [UInt8]) { send(payload) }
}

/// An HTTP request as the hub read it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var path: String
    public var authorization: String?
    /// The `If-None-Match` header: the ETag a browser already holds (answered with 304).
    public var ifNoneMatch: String?
    public var body: [UInt8]
    /// The query string after `?` (`a=1&b=2`), nil when none.
    public var query: String?
    /// The `Cookie` header (sign-in sessions).
    public var cookie: String?
    /// The `Origin` header, when the browser sent one.
    public var origin: String?
    /// The `Content-Type` header (file uploads).
    public var contentType: String?
    /// The `Range` header (file downloads).
    public var range: String?

    public init(method: String, path: String, authorization: String?, ifNoneMatch: String? = nil, body: [UInt8],
                query: String? = nil, cookie: String? = nil, origin: String? = nil, contentType: String? = nil) {
        self.method = method
        self.path = path
        self.authorization = authorization
        self.ifNoneMatch = ifNoneMatch
        self.body = body
        self.query = query
        self.cookie = cookie
        self.origin = origin
        self.contentType = contentType
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    /// Headers besides Content-Type and Content-Length (Cache-Control, ETag, Content-Security-Policy).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, contentType: String = "application/json", headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }
}
