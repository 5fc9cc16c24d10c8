import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Makes one attempt: resolves the endpoint's host, refuses it if any address is not allowed, and
/// posts the signed body without following redirects (a 3xx is a failure, as the specification says).
struct WebhookSender: Sendable {
    /// What one attempt got back.
    struct Answer: Sendable, Equatable {
        var status: Int?
        var retryAfter: Double?
        var error: String?
    }

    let client: HTTPClient
    let policy: AddressPolicy
    let timeout: Double

    init(policy: AddressPolicy, timeout: Double) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(Int64(timeout)),
                                                                                                     read: .seconds(Int64(timeout))))
        configuration.connectionPool = .init(idleTimeout: .seconds(30))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.policy = policy
        self.timeout = timeout
    }

    func shutdown() async { try? await client.shutdown() }

    func post(_ url: String, id: String, timestamp: Int64, signature: String, body: String) async -> Answer {
        guard let parsed = URL(string: url), let host = parsed.host else { return Answer(error: "'\(url)' is not a URL") }
        let addresses: [String]
        do { addresses = try await Self.resolve(host) } catch { return Answer(error: "\(error)") }
        if let refused = addresses.lazy.compactMap(policy.refusal).first { return Answer(error: "refused: \(refused)") }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "Parley-Webhooks/1")
        request.headers.add(name: "webhook-id", value: id)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(name: "webhook-signature", value: signature)
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            // The body is read (to reuse the connection) but never kept beyond a short excerpt.
            let excerpt = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
            let status = Int(response.status.code)
            let retryAfter = response.headers.first(name: "retry-after").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            let error = (200..<300).contains(status) ? nil : "HTTP \(status)" + (excerpt.isEmpty ? "" : ": " + excerpt.prefix(200))
            return Answer(status: status, retryAfter: retryAfter, error: error)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return Answer(error: "no answer within \(Int(timeout)) s")
        } catch {
            return Answer(error: "request failed: \(error)")
        }
    }

    /// Every address `host` resolves to (an address literal is itself).
    static func resolve(_ host: String) async throws -> [String] {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if AddressPolicy.parse(bare) != nil { return [bare] }
        return try await withCheckedThrowingContinuation { continuation in
            // getaddrinfo blocks: it runs on a thread of its own, never on the hub's or a task's.
            Thread.detachNewThread {
                continuation.resume(with: Result { try lookup(bare) })
            }
        }
    }

    private static func lookup(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, nil, &hints, &list)
        guard code == 0, let first = list else {
            throw WebhookError.unresolvable("'\(host)' does not resolve: \(String(cString: gai_strerror(code)))")
        }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(cString: text))
            }
            node = entry.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw WebhookError.unresolvable("'\(host)' resolves to no address") }
        return addresses
    }
}
