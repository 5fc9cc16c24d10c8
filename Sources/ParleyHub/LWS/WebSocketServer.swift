import CWebSockets
import Foundation
import Logging
import ParleyDomain
import Synchronization

/// Owns one shard's libwebsockets context and its service thread.
///
/// Debian builds libwebsockets with LWS_MAX_SMP 1: one service thread per context, so the hub
/// runs one context per shard. A context does not listen: the `Listener` accepts and hands
/// sockets over through `adopt`. Its event loop is libev on epoll, owned by this class and lent
/// to lws as a foreign loop (lws's own loop calls poll(2) over every connection on every pass);
/// the thread runs it one iteration at a time and ends each with `HubCore.endOfPass`.
/// Everything that touches lws happens on the service thread: the callbacks below, adopted
/// sockets, and jobs other threads post to the `Mailbox` (all taken in
/// LWS_CALLBACK_EVENT_WAIT_CANCELLED).
///
/// `@unchecked Sendable`: `context` and `vhost` are written once before the thread starts and
/// read by `wake()` (lws_cancel_service is thread-safe); `incoming` is behind a mutex.
final class WebSocketServer: @unchecked Sendable {
    private var context: OpaquePointer?
    private var vhost: OpaquePointer?
    private var loop: UnsafeMutableRawPointer?
    let core: HubCore
    private let incoming = Mutex<[Int32]>([])
    private let logger: Logger
    private var protocols: UnsafeMutablePointer<lws_protocols>?
    private var retryPolicy: UnsafeMutablePointer<lws_retry_bo_t>?
    private var tick: UnsafeMutableRawPointer?
    private var protocolName: UnsafeMutablePointer<CChar>?
    private let done = DispatchSemaphore(value: 0)

    init(core: HubCore, logger: Logger) {
        self.core = core
        self.logger = logger
    }

    /// Creates the context and starts the service thread.
    func start(_ configuration: HubConfiguration) throws(HubError) {
        lws_set_log_level(Int32(LLL_ERR), nil)
        protocolName = strdup("parley")
        let protos = UnsafeMutablePointer<lws_protocols>.allocate(capacity: 2)
        protos.initialize(repeating: lws_protocols(), count: 2)
        protos[0].name = UnsafePointer(protocolName)
        protos[0].callback = parleyCallback
        protos[0].per_session_data_size = MemoryLayout<UInt64>.size
        protos[0].rx_buffer_size = 4096
        // lws caps one send at rx_buffer_size unless this is set, and copies the rest of a larger
        // write to the heap for the next writeable callback: let one send carry a whole batch.
        protos[0].tx_packet_size = HubCore.maxWriteBytes
        protocols = protos

        // libwebsockets' own keepalive ("validity") is off: it keeps one timer per connection in a
        // sorted list that every (re)arm walks from the head, and 17,000 connections arriving
        // at once spent a third of the node's CPU there. The hub pings and hangs up itself, in
        // one sweep per second (HubCore+Keepalive.swift). A policy of zeros turns lws's off (with
        // none, lws would apply its 5-minute default).
        let retry = UnsafeMutablePointer<lws_retry_bo_t>.allocate(capacity: 1)
        retry.initialize(to: lws_retry_bo_t())
        retryPolicy = retry

        var info = lws_context_creation_info()
        info.port = -2  // CONTEXT_PORT_NO_LISTEN_SERVER: sockets come from the Listener
        info.protocols = UnsafePointer(protos)
        info.gid = -1
        info.uid = -1
        info.options = UInt64(LWS_SERVER_OPTION_VALIDATE_UTF8) | UInt64(LWS_SERVER_OPTION_DISABLE_IPV6)
            | UInt64(LWS_SERVER_OPTION_LIBEV)
        info.retry_and_idle_policy = UnsafePointer(retry)
        // lws finds a connection by its descriptor number in a table of this size, and descriptors
        // are numbered process-wide, so every shard's table covers every descriptor the process may open.
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        let descriptors = min(Int(clamping: limit.rlim_cur), configuration.maxConnections + 1024)
        info.fd_limit_per_thread = UInt32(max(descriptors, 1024))
        info.timeout_secs = 20
        // The shard's read buffer (one per thread, not per connection): a client's burst of frames
        // is read, parsed and handed to the store in one pass instead of 4 kB at a time.
        info.pt_serv_buf_size = 64 * 1024
        info.user = Unmanaged.passUnretained(self).toOpaque()

        guard let loop = cws_loop_new() else { throw HubError("cannot create an epoll event loop") }
        self.loop = loop
        var loops: [UnsafeMutableRawPointer?] = [loop]
        let created = loops.withUnsafeMutableBufferPointer { loops -> OpaquePointer? in
            info.foreign_loops = loops.baseAddress
            return lws_create_context(&info)
        }
        guard let ctx = created else {
            cws_loop_destroy(loop)
            self.loop = nil
            throw HubError("cannot create a libwebsockets context (out of memory or descriptors, or libev missing)")
        }
        context = ctx
        vhost = lws_get_vhost_by_name(ctx, "default")
        if let period = HubCore.keepaliveSweepSeconds(configuration) { tick = cws_loop_add_tick(loop, period) }
        let thread = Thread { [self] in self.serviceLoop() }
        thread.name = "parley-shard-\(core.shard)"
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// Wakes the service thread. Safe from any thread.
    func wake() {
        if let context { lws_cancel_service(context) }
    }

    /// Queues an accepted socket for this shard. Safe from any thread.
    func adopt(_ socket: Int32) {
        let first = incoming.withLock { queue -> Bool in
            queue.append(socket)
            return queue.count == 1
        }
        if first { wake() }
    }

    /// Sockets handed to libwebsockets per pass. lws arms a handshake timeout for each adopted
    /// socket in a list sorted by deadline that every arm walks from its head, so adopting a whole
    /// reconnect storm at once costs O(n²); in slices, the list holds about one slice.
    static let adoptionsPerPass = 256

    /// Hands queued sockets to libwebsockets, a slice per pass. Service thread only.
    fileprivate func adoptIncoming() {
        let (sockets, more) = incoming.withLock { queue -> ([Int32], Bool) in
            let taken = Array(queue.prefix(Self.adoptionsPerPass))
            queue.removeFirst(taken.count)
            return (taken, !queue.isEmpty)
        }
        for socket in sockets {
            guard core.acceptsConnections, let vhost else { close(socket); continue }
            // On failure lws has already closed the socket.
            _ = lws_adopt_socket_vhost(vhost, socket)
        }
        // The rest waits for the next pass, after this slice's handshakes have been read.
        if more { wake() }
    }

    /// Blocks until the service thread has destroyed the context.
    func waitUntilStopped() { done.wait() }

    private func serviceLoop() {
        guard let context, let loop else { return }
        while !core.finished {
            cws_loop_run_once(loop)
            core.endOfPass()
        }
        core.endOfPass()
        lws_context_destroy(context)
        self.context = nil
        cws_loop_remove_tick(loop, tick)
        tick = nil
        cws_loop_destroy(loop)
        self.loop = nil
        for socket in incoming.withLock({ $0 }) { close(socket) }
        protocols?.deallocate()
        retryPolicy?.deallocate()
        free(protocolName)
        done.signal()
    }
}

/// The single libwebsockets callback: a trampoline that copies C data into Swift values and
/// hands them to `HubCore`. It never throws or awaits.
private func parleyCallback(wsi: OpaquePointer?, reason: lws_callback_reasons, user: UnsafeMutableRawPointer?,
                            input: UnsafeMutableRawPointer?, length: Int) -> Int32 {
    switch reason {
    case LWS_CALLBACK_LOCK_POLL, LWS_CALLBACK_UNLOCK_POLL, LWS_CALLBACK_CHANGE_MODE_POLL_FD,
         LWS_CALLBACK_ADD_POLL_FD, LWS_CALLBACK_DEL_POLL_FD:
        // lws reports every poll-set change (POLLOUT on, then off, for each write that waits for
        // the writeable callback). Nothing to do, so answer before touching anything else.
        return 0
    default:
        break
    }
    guard let wsi, let context = lws_get_context(wsi), let raw = lws_context_user(context) else { return 0 }
    let server = Unmanaged<WebSocketServer>.fromOpaque(raw).takeUnretainedValue()
    let core = server.core
    let slot = user?.assumingMemoryBound(to: UInt64.self)
    let connection = Connection(wsi: wsi)

    switch reason {
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        server.adoptIncoming()
        core.drainMailbox()
        return 0

    case LWS_CALLBACK_FILTER_NETWORK_CONNECTION:
        return core.acceptsConnections ? 0 : 1

    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
        let path = connection.header(WSI_TOKEN_GET_URI) ?? ""
        return path == "/ws" && core.acceptsConnections && core.acceptsOrigin(connection.header(WSI_TOKEN_ORIGIN)) ? 0 : 1

    case LWS_CALLBACK_ESTABLISHED:
        guard let slot else { return -1 }
        slot.pointee = core.opened(connection, token: connection.queryArgument("token"))
        return 0

    case LWS_CALLBACK_RECEIVE:
        guard let slot else { return -1 }
        let bytes = input.map { UnsafeRawBufferPointer(start: $0, count: length) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let final = lws_is_final_fragment(wsi) != 0 && lws_remaining_packet_payload(wsi) == 0
        let binary = lws_frame_is_binary(wsi) != 0
        return core.received(slot.pointee, bytes: bytes, final: final, binary: binary) ? 0 : -1

    case LWS_CALLBACK_RECEIVE_PONG:
        if let slot { core.heard(slot.pointee) }
        return 0

    case LWS_CALLBACK_SERVER_WRITEABLE:
        guard let slot else { return -1 }
        return core.writable(slot.pointee) ? 0 : -1

    case LWS_CALLBACK_CLOSED:
        if let slot { core.closed(slot.pointee) }
        return 0

    case LWS_CALLBACK_HTTP:
        guard let slot else { return -1 }
        let path = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? "/"
        let method: String
        if lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) > 0 { method = "POST" }
        else if lws_hdr_total_length(wsi, WSI_TOKEN_DELETE_URI) > 0 { method = "DELETE" }
        else if lws_hdr_total_length(wsi, WSI_TOKEN_PUT_URI) > 0 { method = "PUT" }
        else { method = "GET" }
        let length = connection.header(WSI_TOKEN_HTTP_CONTENT_LENGTH)
        slot.pointee = core.httpStarted(connection, method: method, path: path,
                                        authorization: connection.header(WSI_TOKEN_HTTP_AUTHORIZATION),
                                        ifNoneMatch: connection.header(WSI_TOKEN_HTTP_IF_NONE_MATCH),
                                        expectsBody: method == "POST" || method == "PUT", declaredLength: length.flatMap { Int($0) } ?? 0,
                                        query: connection.queryString(), cookie: connection.header(WSI_TOKEN_HTTP_COOKIE),
                                        origin: connection.header(WSI_TOKEN_ORIGIN), contentType: connection.header(WSI_TOKEN_HTTP_CONTENT_TYPE),
                                        range: connection.header(WSI_TOKEN_HTTP_RANGE))
        return 0

    case LWS_CALLBACK_HTTP_BODY:
        // "Content-Length: 0" arrives as one empty chunk with no buffer: not an error.
        guard let slot else { return -1 }
        guard let input, length > 0 else { return 0 }
        return core.httpBody(slot.pointee, UnsafeRawBufferPointer(start: input, count: length)) ? 0 : -1

    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        guard let slot else { return -1 }
        core.httpBodyComplete(slot.pointee)
        return 0

    case LWS_CALLBACK_HTTP_WRITEABLE:
        guard let slot else { return -1 }
        return core.httpWritable(slot.pointee, connection)

    case LWS_CALLBACK_CLOSED_HTTP:
        if let slot { core.httpClosed(slot.pointee) }
        return 0

    default:
        return lws_callback_http_dummy(wsi, reason, user, input, length)
    }
}

/// A failure of the hub to start or run.
public struct HubError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
