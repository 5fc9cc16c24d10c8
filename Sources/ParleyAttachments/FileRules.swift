import Foundation

/// What an upload may be called and declared as, and how a download is served. Pure rules.
enum FileRules {
    static let maxNameCharacters = 255

    /// The uploader's name for the file, or why it is refused.
    static func name(_ raw: String?) -> Result<String, AttachmentError> {
        guard let raw, !raw.isEmpty else { return .failure(.badRequest("the upload needs a 'filename' query parameter")) }
        let name = raw.precomposedStringWithCanonicalMapping
        if name.count > maxNameCharacters { return .failure(.badRequest("'filename' is over \(maxNameCharacters) characters")) }
        if name.contains("/") || name.contains("\\") { return .failure(.badRequest("'filename' may not contain a path separator (/ or \\)")) }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0.value >= 0x202A && $0.value <= 0x202E }) {
            return .failure(.badRequest("'filename' may not contain control characters"))
        }
        if name == "." || name == ".." || name.trimmingCharacters(in: .whitespaces).isEmpty {
            return .failure(.badRequest("'filename' must name a file"))
        }
        return .success(name)
    }

    /// The declared media type, lowercased and without parameters; `application/octet-stream` when none.
    static func type(_ header: String?) -> Result<String, AttachmentError> {
        let bare = (header ?? "").split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if bare.isEmpty { return .success("application/octet-stream") }
        let token = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789!#$&^_.+-")
        let parts = bare.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(token.contains) }), bare.count <= 127 else {
            return .failure(.badRequest("Content-Type '\(header ?? "")' is not a media type such as image/png"))
        }
        return .success(bare)
    }

    /// The leading bytes each type the browser would render must start with.
    private static let signatures: [String: [[UInt8]]] = [
        "image/png": [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]],
        "image/jpeg": [[0xFF, 0xD8, 0xFF]],
        "image/gif": [Array("GIF87a".utf8), Array("GIF89a".utf8)],
        "image/webp": [Array("RIFF".utf8)],
        "application/pdf": [Array("%PDF-".utf8)],
    ]

    /// Nil when `bytes` look like `type` (or `type` is one nothing is checked for); else the refusal.
    static func contentMatches(_ bytes: [UInt8], type: String) -> AttachmentError? {
        guard let expected = signatures[type] else { return nil }
        if expected.contains(where: { bytes.starts(with: $0) }) { return nil }
        return .unsupported("the content is not \(type) as declared (its first bytes do not match); upload it with its real Content-Type")
    }

    /// Types shown in the page (`<img>`): raster images whose content was checked at upload.
    /// Everything else, SVG and HTML above all, is served as an attachment and as bytes, never rendered.
    static let inline: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]

    /// The response headers of a download: the browser may not sniff, frame or run it.
    static func downloadHeaders(name: String, type: String, cache: String) -> [(name: String, value: String)] {
        let disposition = inline.contains(type) ? "inline" : "attachment"
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? "file"
        return [
            ("Content-Disposition", "\(disposition); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"),
            ("X-Content-Type-Options", "nosniff"),
            ("Content-Security-Policy", "default-src 'none'; sandbox"),
            ("Cache-Control", cache),
        ]
    }

    /// The one byte range a `Range` header asks of a `size`-byte file; nil when it is malformed, asks
    /// for several ranges, or none of it is in the file (416).
    static func byteRange(_ header: String, size: Int) -> Range<Int>? {
        let spec = header.trimmingCharacters(in: .whitespaces)
        guard spec.hasPrefix("bytes="), !spec.contains(","), size > 0 else { return nil }
        let bounds = spec.dropFirst("bytes=".count).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2 else { return nil }
        let (first, last) = (bounds[0].trimmingCharacters(in: .whitespaces), bounds[1].trimmingCharacters(in: .whitespaces))
        if first.isEmpty {
            guard let suffix = Int(last), suffix > 0 else { return nil }
            return max(0, size - suffix)..<size
        }
        guard let start = Int(first), start >= 0, start < size else { return nil }
        if last.isEmpty { return start..<size }
        guard let end = Int(last), end >= start else { return nil }
        return start..<(min(end, size - 1) + 1)
    }

    /// What the response says the bytes are: the checked inline types as themselves, the rest as bytes.
    static func servedType(_ type: String) -> String {
        inline.contains(type) || type == "application/pdf" ? type : "application/octet-stream"
    }
}
