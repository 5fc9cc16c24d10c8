import Foundation
import ParleyHub

/// The web client, served at `/`: every file read once at start and kept in memory, so a request
/// costs a dictionary lookup and never touches the disk or the hub's message path.
public struct WebSite: Sendable {
    /// Scripts only from this origin (no inline script, no eval); the WebSocket to the same host.
    public static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "font-src 'self'", "manifest-src 'self'",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// Files by URL path without the leading slash ("app.js", "vendor/marked.js").
    let assets: [String: WebAsset]
    /// The folder the client was read from.
    public let directory: String
    /// Vendor files whose package is not installed: the client falls back to plain text.
    public let missingVendor: [VendorFile]

    /// Reads the client folder and the vendor files.
    public init(configuration: WebConfiguration = WebConfiguration()) throws(WebError) {
        let directory: String
        if let configured = configuration.directory { directory = configured } else { directory = try Self.bundledDirectory() }
        var assets: [String: WebAsset] = [:]
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            throw WebError("cannot read the web client folder \(directory); pass --web-dir DIR (the repository's Sources/ParleyWeb/Client)")
        }
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard let data = FileManager.default.contents(atPath: url.path) else { throw WebError("cannot read \(url.path)") }
            // Files have no content hash in their names, so browsers revalidate each (a 304 when unchanged).
            assets[relative] = WebAsset(body: Array(data), name: relative, cacheControl: "no-cache")
        }
        guard assets["index.html"] != nil else {
            throw WebError("\(directory) has no index.html; pass --web-dir DIR (the repository's Sources/ParleyWeb/Client)")
        }
        var missing: [VendorFile] = []
        for file in configuration.vendor {
            if let data = FileManager.default.contents(atPath: file.path) {
                assets["vendor/" + file.name] = WebAsset(body: Array(data), name: file.name, cacheControl: "public, max-age=3600")
            } else {
                missing.append(file)
            }
        }
        self.assets = assets
        self.directory = directory
        self.missingVendor = missing
    }

    /// The copy of `Client/` that SwiftPM put beside the executable (`parley_ParleyWeb.resources`).
    /// Looked up by hand rather than through `Bundle.module`, whose accessor traps when the bundle is
    /// missing; here a missing bundle is an error that says what to do.
    static func bundledDirectory() throws(WebError) -> String {
        let url = Bundle.main.bundleURL.appendingPathComponent("parley_ParleyWeb.resources").appendingPathComponent("Client")
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("index.html").path) else {
            throw WebError("the web client is not at \(url.path); pass --web-dir DIR (the repository's Sources/ParleyWeb/Client)")
        }
        return url.path
    }

    /// The answer to a request for one of the client's files, or nil when the path is not one
    /// (the caller answers 404 or routes it elsewhere).
    public func respond(method: String, path: String, ifNoneMatch: String?) -> HTTPResponse? {
        guard method == "GET" else { return nil }
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let key = bare == "/" || bare.isEmpty ? "index.html" : String(bare.drop(while: { $0 == "/" }))
        guard let asset = assets[key] else { return nil }
        var headers: [(name: String, value: String)] = [
            ("Cache-Control", asset.cacheControl), ("ETag", asset.etag),
            ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
        ]
        if asset.contentType.hasPrefix("text/html") {
            headers.append(("Content-Security-Policy", Self.contentSecurityPolicy))
        }
        if let ifNoneMatch, Self.matches(ifNoneMatch, asset.etag) {
            return HTTPResponse(status: 304, contentType: asset.contentType, headers: headers, body: [])
        }
        return HTTPResponse(status: 200, contentType: asset.contentType, headers: headers, body: asset.body)
    }

    /// `If-None-Match` holds one or more ETags (possibly weak, `W/"…"`), or `*`.
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let c = candidate.trimmingCharacters(in: .whitespaces)
            return c == "*" || c == etag || c == "W/" + etag
        }
    }
}
