import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking WebSocket client on a plain socket, for a peer that stops reading on purpose.
final class RawWebSocket: @unchecked Sendable {
    private let fd: Int32

    init(port: Int, token: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var small: Int32 = 4096
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        // A small MSS keeps the server's kernel send buffer from autotuning to megabytes on loopback,
        // so the server's own outbound queue takes the backlog, as with a slow mobile client.
        var mss: Int32 = 536
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_MAXSEG, &mss, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("connect failed") }
        let request = "GET /ws?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        _ = request.withCString { write(fd, $0, strlen($0)) }
        var response: [UInt8] = []
        var byte: UInt8 = 0
        while !response.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard read(fd, &byte, 1) == 1 else { throw TestFailure("upgrade failed") }
            response.append(byte)
        }
        guard String(decoding: response, as: UTF8.self).hasPrefix("HTTP/1.1 101") else { throw TestFailure("no 101") }
    }

    deinit { close(fd) }

    /// Runs a blocking read on a thread of its own: blocking a thread of Swift's cooperative pool
    /// (one per core) would stall every other test running in the process meanwhile.
    private func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    /// Sends one masked text frame.
    func sendText(_ text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 { frame.append(0x80 | UInt8(payload.count)) } else {
            frame.append(0x80 | 126)
            frame.append(UInt8(payload.count >> 8))
            frame.append(UInt8(payload.count & 0xFF))
        }
        let mask: [UInt8] = [1, 2, 3, 4]
        frame.append(contentsOf: mask)
        for (i, b) in payload.enumerated() { frame.append(b ^ mask[i % 4]) }
        guard write(fd, frame, frame.count) == frame.count else { throw TestFailure("write failed") }
    }

    /// Reads (discarding) until the server closes the socket; true if it did within `timeout`.
    func drainUntilClosed(timeout: Double) async -> Bool {
        await offPool { self.drainUntilClosedBlocking(timeout: timeout) }
    }

    private func drainUntilClosedBlocking(timeout: Double) -> Bool {
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            let n = read(fd, &buffer, buffer.count)
            if n == 0 { return true }
            if n < 0 && errno != EAGAIN && errno != EWOULDBLOCK { return true }
        }
        return false
    }

    /// Reads frames until a close frame arrives; returns its status code (nil on timeout or EOF without one).
    func closeCode(timeout: Double) async -> Int? {
        await offPool { self.closeCodeBlocking(timeout: timeout) }
    }

    private func closeCodeBlocking(timeout: Double) -> Int? {
        var code: Int?
        readFrames(timeout: timeout) { opcode, payload in
            guard opcode == 0x8 else { return true }
            code = payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : nil
            return false
        }
        return code
    }

    /// Reads frames, answering none, until the server closes the socket or `timeout` passes;
    /// returns each frame's opcode with the time it arrived.
    func opcodes(timeout: Double) async -> [(opcode: UInt8, at: Date)] {
        await offPool { self.opcodesBlocking(timeout: timeout) }
    }

    private func opcodesBlocking(timeout: Double) -> [(opcode: UInt8, at: Date)] {
        var seen: [(opcode: UInt8, at: Date)] = []
        readFrames(timeout: timeout) { opcode, _ in
            seen.append((opcode, Date()))
            return true
        }
        return seen
    }

    /// Reads frames for `duration` seconds, answering every ping with a pong as browsers do;
    /// returns the opcodes seen (a close among them: the server hung up).
    func answeringPings(for duration: Double) async -> [UInt8] {
        await offPool { self.answeringPingsBlocking(for: duration) }
    }

    private func answeringPingsBlocking(for duration: Double) -> [UInt8] {
        var seen: [UInt8] = []
        readFrames(timeout: duration) { opcode, payload in
            seen.append(opcode)
            if opcode == 0x9 { self.sendPong(payload) }
            return opcode != 0x8
        }
        return seen
    }

    private func sendPong(_ payload: [UInt8]) {
        let mask: [UInt8] = [5, 6, 7, 8]
        var frame: [UInt8] = [0x8A, 0x80 | UInt8(payload.count)] + mask
        for (i, b) in payload.enumerated() { frame.append(b ^ mask[i % 4]) }
        _ = write(fd, frame, frame.count)
    }

    /// Reads text frames until `stop` says so or `timeout` passes; returns them.
    func texts(timeout: Double, until stop: @escaping @Sendable (String) -> Bool) async -> [String] {
        await offPool { self.textsBlocking(timeout: timeout, until: stop) }
    }

    private func textsBlocking(timeout: Double, until stop: @escaping (String) -> Bool) -> [String] {
        var texts: [String] = []
        readFrames(timeout: timeout) { opcode, payload in
            guard opcode == 0x1 else { return opcode != 0x8 }
            let text = String(decoding: payload, as: UTF8.self)
            texts.append(text)
            return !stop(text)
        }
        return texts
    }

    /// Reads server frames (unmasked: opcode, 7-bit length, 126: 16-bit, 127: 64-bit, payload) and
    /// hands each to `frame` until it returns false, the socket closes, or `timeout` passes.
    private func readFrames(timeout: Double, _ frame: (UInt8, [UInt8]) -> Bool) {
        var tv = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let deadline = Date().addingTimeInterval(timeout)
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let n = read(fd, &buffer, buffer.count)
            if n == 0 { return }
            if n < 0 { if errno == EAGAIN || errno == EWOULDBLOCK { continue } else { return } }
            pending.append(contentsOf: buffer[0..<n])
            while pending.count >= 2 {
                var length = Int(pending[1] & 0x7F)
                var header = 2
                if length == 126 {
                    guard pending.count >= 4 else { break }
                    length = Int(pending[2]) << 8 | Int(pending[3])
                    header = 4
                } else if length == 127 {
                    guard pending.count >= 10 else { break }
                    length = pending[2..<10].reduce(0) { $0 << 8 | Int($1) }
                    header = 10
                }
                guard pending.count >= header + length else { break }
                let more = frame(pending[0] & 0x0F, Array(pending[header..<(header + length)]))
                pending.removeFirst(header + length)
                if !more { return }
            }
        }
    }
}
