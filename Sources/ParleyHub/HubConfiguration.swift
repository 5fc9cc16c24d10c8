/// The hub's listening address and limits. Defaults run out of the box; every field is
/// configurable through the daemon's file, environment and flags (README "Configuration").
public struct HubConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 picks a free port (see `Hub.port`).
    public var port: Int = 8080
    /// Largest inbound WebSocket message, in bytes (close 1009 above it).
    public var maxFrameBytes: Int = 65_536
    /// Largest message text, in UTF-8 bytes (`too_large` above it).
    public var maxTextBytes: Int = 16_384
    /// Client frame types the daemon's feature modules own (`HubBackend.handleFeature`).
    public var featureFrameTypes: Set<String> = []
    /// Largest HTTP request body (admin and bot API), in bytes.
    public var maxHTTPBodyBytes: Int = 16 << 20
    /// Feature routes that take larger bodies (file uploads), each with its own `maxBodyBytes`.
    public var largeBodyRoutes: [FeatureRoute] = []
    /// Request-body bytes one service thread holds at once across its connections; a body that
    /// would go over waits for none: it is answered 503, so slow or many uploads cannot pile up memory.
    public var maxBufferedBodyBytes: Int = 128 << 20
    /// Frames per second per connection, and the burst allowed above it.
    public var messagesPerSecond: Double = 50
    public var messagesBurst: Double = 100
    public var maxSubscriptions: Int = 1_000
    /// `typing` is passed on in conversations of at most this many members (direct messages and
    /// small groups), at most once per `typingInterval` seconds per session and conversation.
    public var typingMaxMembers: Int = 20
    /// Seconds after sending during which a message may be edited; nil: always (Zulip's default).
    public var editWindow: Double?
    public var typingInterval: Double = 2
    /// Bytes a session may have queued for sending before it is cut off (close 4008).
    public var outboundQueueBytes: Int = 4 << 20
    /// Seconds without a valid frame or pong before a ping is sent, and before hanging up.
    public var pingInterval: Int = 30
    public var idleTimeout: Int = 120
    /// Seconds a new connection has to say `hello` (with a token in the URL it needs none).
    public var helloTimeout: Int = 10
    public var maxConnections: Int = 65_536
    /// Service threads (shards), each with its own libwebsockets context and connections;
    /// 0 means one per core.
    public var serviceThreads: Int = 0
    /// The one origin (`https://chat.example.com`) browsers may open WebSockets from; nil: any.
    /// A request without `Origin` (not a browser) is not affected.
    public var allowedOrigin: String?

    public init() {}
}
