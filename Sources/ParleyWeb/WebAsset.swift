/// One file of the client, read into memory at start.
public struct WebAsset: Sendable {
    public let body: [UInt8]
    public let contentType: String
    /// A strong validator: the body's length and FNV-1a hash, quoted as HTTP wants it.
    public let etag: String
    public let cacheControl: String

    init(body: [UInt8], name: String, cacheControl: String) {
        self.body = body
        self.contentType = ContentType.forFile(name)
        self.etag = "\"\(body.count)-\(String(Self.fnv1a(body), radix: 16))\""
        self.cacheControl = cacheControl
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            hash ^= UInt64(b)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
