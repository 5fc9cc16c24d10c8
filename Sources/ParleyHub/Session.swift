import ParleyDomain

/// One session's subscription to one conversation. Fan-out walks a conversation's list of these
/// directly, so delivering to a recipient needs no dictionary lookup. Service thread only.
final class Subscription {
    /// `unowned(unsafe)`: a session removes all its subscriptions when it closes (`HubCore.closed`),
    /// so this never outlives it; fan-out reads it once per recipient, without reference counting.
    unowned(unsafe) let session: Session
    var cursor: DeliveryCursor
    /// Only these topics (topic groups); nil for all.
    let topics: Set<String>?
    /// Index of this subscription in the hub's subscriber list of the conversation.
    var slot: Int

    init(session: Session, cursor: DeliveryCursor, topics: Set<String>?, slot: Int) {
        self.session = session
        self.cursor = cursor
        self.topics = topics
        self.slot = slot
    }
}

/// One WebSocket connection. Lives on the service thread only.
final class Session {

    let id: UInt64
    let connection: Connection
    var identity: Identity?
    /// The language messages are rendered in for this session, and whether to translate at all.
    var language: Language = .english
    var translate = true
    /// Subscribed to all of the user's conversations, present and future.
    var wildcard = false
    var authenticating = false
    var subscriptions: [String: Subscription] = [:]
    /// Client ids this connection sent lately: it has their acks, so a catch-up read from the
    /// store skips them (the sender never gets its own message back as a `message`).
    var sentIDs: Set<String> = []
    /// When this session last passed on `typing`, per conversation (bounds the rate).
    var typingAt: [String: Double] = [:]
    private var sentOrder: [String] = []

    func rememberSent(_ clientID: String) {
        guard sentIDs.insert(clientID).inserted else { return }
        sentOrder.append(clientID)
        if sentOrder.count > 4_096 {
            for old in sentOrder.prefix(1_024) { sentIDs.remove(old) }
            sentOrder.removeFirst(1_024)
        }
    }
    var outbound: [OutboundFrame] = []
    var outboundBytes = 0
    var inbound: [UInt8] = []
    /// Frames that arrived while the token was being checked; handled once it is.
    var held: [[UInt8]] = []
    var limiter: RateLimiter
    var closing: CloseCode?
    /// False once libwebsockets has closed the connection.
    var open = true
    /// The reason sent with the close frame.
    var closeDetail = ""
    let openedAt: Double
    /// When the peer last sent anything (a frame or a pong): the keepalive's clock.
    var lastHeard: Double
    /// A ping went out since `lastHeard`; `pingDue`: one waits for the writeable callback.
    var pinged = false
    var pingDue = false

    /// The peer said something (a frame or a pong): the keepalive starts over.
    func heard(at now: Double) {
        lastHeard = now
        pinged = false
    }

    init(id: UInt64, connection: Connection, limiter: RateLimiter, now: Double) {
        self.id = id
        self.connection = connection
        self.limiter = limiter
        self.openedAt = now
        self.lastHeard = now
    }

    /// The language key of the frames this session reads: nil means the original.
    func renderingLanguage(for message: ChatMessage) -> Language? {
        translate && language != message.language && message.isTranslatable ? language : nil
    }
}
