import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A webhook receiver on 127.0.0.1 and an ephemeral port: records every request (headers and body)
/// and answers each as `reply` says (a status, headers, or a hang longer than the sender's timeout).
///
/// `@unchecked Sendable`: the listening socket is set once in `init`; requests are kept under a
/// `Mutex`; each connection is served on a thread of its own.
final class WebhookReceiver: @unchecked Sendable {
    struct Request: Sendable {
        var headers: [String: String]
        var body: String
    }
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        /// Seconds to wait before answering (a receiver that hangs).
        var delay: Double = 0
    }

    let port: UInt16
    private let socketFD: Int32
    private let reply: @Sendable (Int) -> Reply
    private let received = Mutex<[Request]>([])

    /// - Parameter reply: the answer to the request with this number (0 for the first).
    init(reply: @escaping @Sendable (Int) -> Reply = { _ in Reply(status: 204) }) throws {
        self.reply = reply
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        socketFD = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in self.acceptLoop() }.start()
    }

    var url: String { "http://127.0.0.1:\(port)/hooks" }
    var requests: [Request] { received.withLock { $0 } }

    func stop() {
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
    }

    /// Waits (60 s at most) until `count` requests arrived; `pass` is called between looks (a delivery pass).
    func waitFor(_ count: Int, pass: @Sendable () async -> Void = {}) async throws -> [Request] {
        let deadline = Date().addingTimeInterval(60)
        while requests.count < count {
            guard Date() < deadline else { throw TestFailure("the receiver got \(requests.count) of \(count) requests in 60 s") }
            await pass()
            try await Task.sleep(for: .milliseconds(50))
        }
        return requests
    }

    private func acceptLoop() {
        while true {
            let client = accept(socketFD, nil, nil)
            if client < 0 { return }
            Thread { [self] in self.serve(client) }.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            data.append(contentsOf: buffer[0..<n])
            guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { continue }
            var headers: [String: String] = [:]
            for line in String(decoding: data[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n").dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            if data.count - end.upperBound < length { continue }
            let body = String(decoding: data[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
            let number = received.withLock { list in list.append(Request(headers: headers, body: body)); return list.count - 1 }
            let answer = reply(number)
            if answer.delay > 0 { Thread.sleep(forTimeInterval: answer.delay) }
            var text = "HTTP/1.1 \(answer.status) X\r\nContent-Length: 0\r\nConnection: close\r\n"
            for (name, value) in answer.headers { text += "\(name): \(value)\r\n" }
            text += "\r\n"
            _ = text.utf8CString.withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count - 1) }
            return
        }
    }
}

/// A clock the test moves: milliseconds since 1970, starting now.
final class TestClock: Sendable {
    private let value = Mutex<Int64>(Int64(Date().timeIntervalSince1970 * 1000))
    var now: Int64 { value.withLock { $0 } }
    func advance(seconds: Double) { value.withLock { $0 += Int64(seconds * 1000) } }
    func set(_ date: Date) { value.withLock { $0 = Int64(date.timeIntervalSince1970 * 1000) } }
    var function: @Sendable () -> Int64 { { [self] in self.now } }
}
