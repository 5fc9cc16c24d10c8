import AsyncHTTPClient
import Foundation
import NIOCore

/// How parleyd talks to identity providers: a GET and a form POST, each with a deadline.
/// `ProviderHTTP` is the real one; tests may answer from memory.
public protocol ProviderTransport: Sendable {
    func get(_ url: String) async throws -> (status: Int, body: [UInt8])
    func postForm(_ url: String, _ fields: [(String, String)], basicAuth: (user: String, password: String)?) async throws -> (status: Int, body: [UInt8])
}

/// AsyncHTTPClient's shared client, with a deadline on every request and a cap on answers.
public struct ProviderHTTP: ProviderTransport {
    public var timeout: TimeAmount = .seconds(5)
    public var maxBytes = 1 << 20

    public init() {}

    public func get(_ url: String) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        return try await send(request)
    }

    public func postForm(_ url: String, _ fields: [(String, String)], basicAuth: (user: String, password: String)?) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        if let basicAuth {
            // RFC 6749 2.3.1: each part form-encoded before base64.
            let pair = "\(FormEncoding.escape(basicAuth.user)):\(FormEncoding.escape(basicAuth.password))"
            request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
        }
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(fields)))
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> (status: Int, body: [UInt8]) {
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        var body = try await response.body.collect(upTo: maxBytes)
        return (Int(response.status.code), body.readBytes(length: body.readableBytes) ?? [])
    }
}

/// `application/x-www-form-urlencoded`, and query strings.
public enum FormEncoding {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public static func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// Parses `a=1&b=2` (percent- and plus-decoding); the first value of a repeated name wins.
    public static func decode(_ query: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let name = parts.first?.removingPercentEncoding else { continue }
            let value = parts.count > 1 ? (parts[1].removingPercentEncoding ?? "") : ""
            if out[name] == nil { out[name] = value }
        }
        return out
    }
}
