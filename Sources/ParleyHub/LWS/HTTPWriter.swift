import CWebSockets

/// Writes one HTTP response from the HTTP writeable callback.
enum HTTPWriter {
    /// Room for the status line and headers (a Content-Security-Policy alone is a few hundred bytes).
    static let headerRoom = 4096

    /// Returns the callback's result: -1 closes the connection, 0 keeps it for the next request.
    static func write(_ response: HTTPResponse, on connection: Connection) -> Int32 {
        let pre = Connection.pre
        var headers = [UInt8](repeating: 0, count: pre + headerRoom)
        let ok = headers.withUnsafeMutableBufferPointer { buffer -> Bool in
            let start = buffer.baseAddress! + pre
            var p: UnsafeMutablePointer<UInt8>? = start
            let end = buffer.baseAddress! + buffer.count
            guard cws_http_begin(connection.wsi, UInt32(response.status), response.contentType, response.body.count, &p, end) == 0 else {
                return false
            }
            for header in response.headers {
                guard cws_http_header(connection.wsi, header.name.lowercased() + ":", header.value, &p, end) == 0 else { return false }
            }
            return cws_http_finish(connection.wsi, start, &p, end) == 0
        }
        guard ok else { return -1 }
        var body = [UInt8](repeating: 0, count: pre) + response.body
        let count = response.body.count
        let written = body.withUnsafeMutableBufferPointer { buffer in
            lws_write(connection.wsi, buffer.baseAddress! + pre, count, LWS_WRITE_HTTP_FINAL)
        }
        if written < 0 { return -1 }
        return lws_http_transaction_completed(connection.wsi) != 0 ? -1 : 0
    }
}
