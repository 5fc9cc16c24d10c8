import ParleyDomain

/// One HTTP request in flight: collecting its body, waiting for the backend, or writing.
final class HTTPExchange {
    let connection: Connection
    let method: String
    let path: String
    let authorization: String?
    let ifNoneMatch: String?
    /// Query string, Cookie and Origin headers (the identity feature's routes read them).
    var query: String?
    var cookie: String?
    var origin: String?
    var body: [UInt8] = []
    var response: HTTPResponse?
    var failed: HTTPResponse?
    /// Handed to the backend; libwebsockets may still report the (empty) body's completion after.
    var dispatched = false

    init(connection: Connection, method: String, path: String, authorization: String?, ifNoneMatch: String?) {
        self.connection = connection
        self.method = method
        self.path = path
        self.authorization = authorization
        self.ifNoneMatch = ifNoneMatch
    }
}

extension HubCore {
    func httpStarted(_ connection: Connection, method: String, path: String, authorization: String?, ifNoneMatch: String?,
                     expectsBody: Bool, declaredLength: Int, query: String? = nil, cookie: String? = nil, origin: String? = nil) -> UInt64 {
        let id = allocateID()
        let exchange = HTTPExchange(connection: connection, method: method, path: path, authorization: authorization, ifNoneMatch: ifNoneMatch)
        exchange.query = query
        exchange.cookie = cookie
        exchange.origin = origin
        http[id] = exchange
        if declaredLength > configuration.maxHTTPBodyBytes {
            exchange.response = Self.jsonError(413, "too_large", "request body over \(configuration.maxHTTPBodyBytes) bytes")
            connection.requestWritable()
        } else if !expectsBody || declaredLength == 0 {
            // (A "Content-Length: 0" body still completes later; `dispatched` keeps it to one answer.)
            dispatchHTTP(id)
        }
        return id
    }

    func httpBody(_ id: UInt64, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let exchange = http[id] else { return false }
        if exchange.response != nil { return true }
        if exchange.body.count + bytes.count > configuration.maxHTTPBodyBytes {
            exchange.response = Self.jsonError(413, "too_large", "request body over \(configuration.maxHTTPBodyBytes) bytes")
            exchange.connection.requestWritable()
            return true
        }
        exchange.body.append(contentsOf: bytes)
        return true
    }

    func httpBodyComplete(_ id: UInt64) {
        guard let exchange = http[id], exchange.response == nil else { return }
        dispatchHTTP(id)
    }

    private func dispatchHTTP(_ id: UInt64) {
        guard let exchange = http[id], !exchange.dispatched else { return }
        exchange.dispatched = true
        let request = HTTPRequest(method: exchange.method, path: exchange.path, authorization: exchange.authorization,
                                  ifNoneMatch: exchange.ifNoneMatch, body: exchange.body,
                                  query: exchange.query, cookie: exchange.cookie, origin: exchange.origin)
        let backend = self.backend
        Task {
            let response = await backend.handle(request)
            self.mailbox.post { core in
                guard let exchange = core.http[id] else { return }
                exchange.response = response
                exchange.connection.requestWritable()
            }
        }
    }

    func httpWritable(_ id: UInt64, _ connection: Connection) -> Int32 {
        guard let exchange = http[id], let response = exchange.response else { return 0 }
        http[id] = nil
        let result = HTTPWriter.write(response, on: connection)
        checkStopped()
        return result
    }

    func httpClosed(_ id: UInt64) {
        http[id] = nil
        checkStopped()
    }

    static func jsonError(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        var w = JSONWriter()
        w.field("error", code)
        w.field("message", message)
        return HTTPResponse(status: status, body: w.finish())
    }
}
