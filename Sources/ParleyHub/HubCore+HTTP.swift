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
    var contentType: String?
    var range: String?
    /// The most body bytes this request may send (the route's own limit, else the hub's).
    var bodyLimit = 0
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
                     expectsBody: Bool, declaredLength: Int, query: String? = nil, cookie: String? = nil, origin: String? = nil,
                     contentType: String? = nil, range: String? = nil) -> UInt64 {
        let id = allocateID()
        let exchange = HTTPExchange(connection: connection, method: method, path: path, authorization: authorization, ifNoneMatch: ifNoneMatch)
        exchange.query = query
        exchange.cookie = cookie
        exchange.origin = origin
        exchange.contentType = contentType
        exchange.range = range
        exchange.bodyLimit = expectsBody ? bodyLimit(method: method, path: path) : configuration.maxHTTPBodyBytes
        http[id] = exchange
        if declaredLength > exchange.bodyLimit {
            exchange.response = Self.jsonError(413, "too_large", "request body over \(exchange.bodyLimit) bytes, the limit of \(method) \(Self.withoutQuery(path))")
            connection.requestWritable()
        } else if bufferedBodyBytes + declaredLength > configuration.maxBufferedBodyBytes {
            exchange.response = Self.jsonError(503, "unavailable", "too many uploads in progress on this server; try again in a moment")
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
        if exchange.body.count + bytes.count > exchange.bodyLimit {
            exchange.response = Self.jsonError(413, "too_large", "request body over \(exchange.bodyLimit) bytes, the limit of \(exchange.method) \(Self.withoutQuery(exchange.path))")
            release(exchange)
            exchange.connection.requestWritable()
            return true
        }
        if bufferedBodyBytes + bytes.count > configuration.maxBufferedBodyBytes {
            exchange.response = Self.jsonError(503, "unavailable", "too many uploads in progress on this server; try again in a moment")
            release(exchange)
            exchange.connection.requestWritable()
            return true
        }
        exchange.body.append(contentsOf: bytes)
        bufferedBodyBytes += bytes.count
        return true
    }

    /// The body limit of the route `method` and `path` name: a feature's larger one, else the hub's.
    private func bodyLimit(method: String, path: String) -> Int {
        for route in configuration.largeBodyRoutes where route.match(method: method, path: path) != nil {
            return route.maxBodyBytes ?? configuration.maxHTTPBodyBytes
        }
        return configuration.maxHTTPBodyBytes
    }

    /// Returns the exchange's body bytes to the service thread's budget (they may still be in use
    /// by the backend until it answers; the budget counts them until then).
    private func release(_ exchange: HTTPExchange) {
        bufferedBodyBytes -= exchange.body.count
        exchange.body = []
    }

    private static func withoutQuery(_ path: String) -> String {
        String(path.split(separator: "?", maxSplits: 1).first ?? "")
    }

    func httpBodyComplete(_ id: UInt64) {
        guard let exchange = http[id], exchange.response == nil else { return }
        dispatchHTTP(id)
    }

    private func dispatchHTTP(_ id: UInt64) {
        guard let exchange = http[id], !exchange.dispatched else { return }
        exchange.dispatched = true
        var request = HTTPRequest(method: exchange.method, path: exchange.path, authorization: exchange.authorization,
                                  ifNoneMatch: exchange.ifNoneMatch, body: exchange.body,
                                  query: exchange.query, cookie: exchange.cookie, origin: exchange.origin, contentType: exchange.contentType)
        request.range = exchange.range
        let backend = self.backend
        Task {
            let response = await backend.handle(request)
            self.mailbox.post { core in
                guard let exchange = core.http[id] else { return }
                core.release(exchange)
                exchange.response = response
                exchange.connection.requestWritable()
            }
        }
    }

    func httpWritable(_ id: UInt64, _ connection: Connection) -> Int32 {
        guard let exchange = http[id], let response = exchange.response else { return 0 }
        release(exchange)
        http[id] = nil
        let result = HTTPWriter.write(response, on: connection)
        checkStopped()
        return result
    }

    func httpClosed(_ id: UInt64) {
        if let exchange = http[id] { release(exchange) }
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
