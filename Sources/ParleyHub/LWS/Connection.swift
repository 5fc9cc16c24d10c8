import CWebSockets
import Foundation
import ParleyDomain

/// A libwebsockets connection handle. Every method must be called on the service thread.
struct Connection {
    let wsi: OpaquePointer

    /// Bytes libwebsockets needs before every buffer handed to `lws_write`.
    static let pre = Int(cws_pre())

    /// Asks for a writeable callback.
    func requestWritable() { lws_callback_on_writable(wsi) }

    /// Writes already-framed WebSocket bytes in one call; lws keeps (and later sends) what the
    /// socket does not take. `buffer` starts with `pre` spare bytes.
    /// Returns false when the connection failed.
    func writeRaw(_ buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Bool {
        // LWS_WRITE_RAW is #defined to LWS_WRITE_HTTP, which Swift cannot import by that name.
        lws_write(wsi, buffer + Connection.pre, count, LWS_WRITE_HTTP) >= 0
    }

    /// True while libwebsockets holds unsent bytes of an earlier write; it sends them first, in
    /// the writeable callback.
    var hasUnsentBytes: Bool { lws_partial_buffered(wsi) != 0 }

    /// Sends a WebSocket ping (the hub's keepalive); false when the connection failed.
    func writePing() -> Bool { cws_write_ping(wsi) == 0 }

    /// Closes at the next service pass; for a failed write outside a callback.
    func closeSoon() { lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC) }

    /// Sets the close code and reason sent when the callback returns -1.
    func setCloseReason(_ code: CloseCode, _ reason: String) {
        var bytes = Array(reason.utf8.prefix(120))
        lws_close_reason(wsi, lws_close_status(UInt32(code.rawValue)), &bytes, bytes.count)
    }

    /// Closes within a few seconds even if the peer never lets us write again.
    func killSoon(seconds: Int32) {
        lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_SEND, seconds)
    }

    func header(_ token: lws_token_indexes, max: Int = 4096) -> String? {
        var buffer = [CChar](repeating: 0, count: max)
        let n = cws_header(wsi, token, &buffer, Int32(max))
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The request's query string, each argument percent-encoded again (`a=1&b=x%20y`); nil when none.
    func queryString(maxArguments: Int = 64) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        var parts: [String] = []
        for index in 0..<maxArguments {
            let n = cws_query_fragment(wsi, Int32(index), &buffer, 4096)
            guard n >= 0 else { break }
            let argument = String(decoding: buffer[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let pair = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            parts.append(pair.map(Self.percentEncoded).joined(separator: "="))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func percentEncoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    func queryArgument(_ name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = cws_query_arg(wsi, name + "=", &buffer, 4096)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[0..<Int(n)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
