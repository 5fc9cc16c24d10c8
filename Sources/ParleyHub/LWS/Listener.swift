import Foundation
import Glibc
import Logging
import Synchronization

/// The hub's listening socket and its accept thread.
///
/// libwebsockets 4.1 (Debian's) cannot share one port between several contexts, so the hub
/// listens itself: this thread accepts connections and hands each to a shard in turn, whose
/// service thread adopts it (`lws_adopt_socket_vhost`) and serves HTTP and WebSocket on it.
final class Listener: @unchecked Sendable {
    /// Written in `bind` before the thread starts; read-only afterwards.
    private var fd: Int32 = -1
    private(set) var port = 0
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    /// Binds and listens. Throws a message naming the address when that fails.
    func bind(host: String, port: Int) throws(HubError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let first = found else {
            throw HubError("cannot listen on \(host):\(port): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(found) }
        var reason = "no usable address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let s = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard s >= 0 else { reason = String(cString: strerror(errno)); continue }
            var one: Int32 = 1
            setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.bind(s, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(s, 4096) == 0 {
                fd = s
                self.port = Self.localPort(of: s)
                return
            }
            reason = String(cString: strerror(errno))
            close(s)
        }
        throw HubError("cannot listen on \(host):\(port): \(reason)")
    }

    /// Starts accepting; every accepted socket goes to `handoff` (close-on-exec) with its number
    /// in order of acceptance, from 0.
    func start(handoff: @escaping @Sendable (_ socket: Int32, _ number: Int) -> Void) {
        let thread = Thread { [self] in
            acceptLoop(handoff)
            done.signal()
        }
        thread.name = "parley-accept"
        thread.start()
    }

    /// Stops accepting and closes the listening socket. Connections already handed off stay.
    func stop() {
        guard fd >= 0, !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(fd, Int32(SHUT_RDWR))  // wakes the blocked accept
        done.wait()
        close(fd)
    }

    private func acceptLoop(_ handoff: @Sendable (Int32, Int) -> Void) {
        var lastComplaint = 0.0
        var accepted = 0
        while !stopping.load(ordering: .relaxed) {
            let client = accept(fd, nil, nil)
            if client >= 0 {
                // Not inherited by translation hooks' processes; lws makes it non-blocking when it adopts it.
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                // Frames are small and latency matters more than packet count.
                var one: Int32 = 1
                setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                handoff(client, accepted)
                accepted += 1
                continue
            }
            let error = errno
            if stopping.load(ordering: .relaxed) { return }
            switch error {
            case EINTR, ECONNABORTED, EAGAIN:
                continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                // Out of descriptors or memory: back off instead of spinning; pending peers wait in the backlog.
                let now = Date().timeIntervalSince1970
                if now - lastComplaint > 10 {
                    logger.warning("hub.accept failed: \(String(cString: strerror(error))); retrying")
                    lastComplaint = now
                }
                usleep(10_000)
            default:
                logger.error("hub.accept stopped: \(String(cString: strerror(error)))")
                return
            }
        }
    }

    private static func localPort(of socket: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) == 0 }
        }
        guard ok else { return 0 }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) } }
        case AF_INET6:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) } }
        default:
            return 0
        }
    }
}
