import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and an ephemeral port, answering every POST with
/// `respond(body)`; enough to stand in for a LibreTranslate server in tests.
///
/// `@unchecked Sendable`: the listening socket is set once in `init` and only read afterwards;
/// the accept loop runs on its own thread and touches nothing else.
final class StubHTTPServer: @unchecked Sendable {
    let port: UInt16
    private let socketFD: Int32
    private let respond: @Sendable (Data) -> (status: Int, body: Data)

    init(respond: @escaping @Sendable (Data) -> (status: Int, body: Data)) throws {
        self.respond = respond
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socketFD = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func stop() {
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
    }

    private func acceptLoop() {
        while true {
            let client = accept(socketFD, nil, nil)
            if client < 0 { return }
            handle(client)
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            received.append(contentsOf: buffer[0..<n])
            guard let headerEnd = received.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let header = String(decoding: received[..<headerEnd.lowerBound], as: UTF8.self).lowercased()
            let length = header.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if received.count - headerEnd.upperBound < length { continue }
            let body = received[headerEnd.upperBound..<(headerEnd.upperBound + length)]
            let (status, answer) = respond(Data(body))
            var response = Data("HTTP/1.1 \(status) OK\r\nContent-Type: application/json\r\nContent-Length: \(answer.count)\r\nConnection: close\r\n\r\n".utf8)
            response.append(answer)
            _ = response.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            return
        }
    }
}
