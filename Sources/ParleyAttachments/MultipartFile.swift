import Foundation

/// The first file part of a `multipart/form-data` body (RFC 7578): what a browser form or
/// `curl -F file=@x.png` sends. Pure; the whole body is already in memory (the hub's body limit).
struct MultipartFile: Equatable {
    var filename: String?
    var type: String?
    var bytes: [UInt8]

    /// The boundary of a `multipart/form-data` Content-Type, nil for any other type.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let value = kv[1].hasPrefix("\"") && kv[1].hasSuffix("\"") && kv[1].count >= 2 ? String(kv[1].dropFirst().dropLast()) : kv[1]
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    static let truncated = AttachmentError.badRequest("the multipart body is truncated (a part does not end with its boundary)")

    /// The first part that has a `filename` (else the first part), or why the body is not usable.
    static func parse(_ body: [UInt8], boundary: String) -> Result<MultipartFile, AttachmentError> {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard let first = body.firstRange(of: delimiter) else { return .failure(.badRequest("the multipart body has no part (boundary '\(boundary)' not found)")) }
        var cursor = first.upperBound
        var fallback: MultipartFile?
        while cursor < body.count {
            // "--" after a delimiter ends the body; otherwise its line ends with CRLF.
            if body[cursor...].starts(with: Array("--".utf8)) { break }
            let crlf = Array("\r\n".utf8)
            guard let lineEnd = body[cursor...].firstRange(of: crlf) else { return .failure(Self.truncated) }
            // Headers end with an empty line; a part may have none.
            let headerRange: Range<Int>
            let dataStart: Int
            if body[lineEnd.upperBound...].starts(with: crlf) {
                (headerRange, dataStart) = (lineEnd.upperBound..<lineEnd.upperBound, lineEnd.upperBound + 2)
            } else if let blank = body[lineEnd.upperBound...].firstRange(of: crlf + crlf) {
                (headerRange, dataStart) = (lineEnd.upperBound..<blank.lowerBound, blank.upperBound)
            } else {
                return .failure(Self.truncated)
            }
            guard let end = body[dataStart...].firstRange(of: separator) else { return .failure(Self.truncated) }
            let headers = String(decoding: body[headerRange], as: UTF8.self)
            var part = MultipartFile(filename: nil, type: nil, bytes: Array(body[dataStart..<end.lowerBound]))
            for line in headers.split(separator: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-type:") { part.type = String(line.dropFirst("content-type:".count)).trimmingCharacters(in: .whitespaces) }
                if lower.hasPrefix("content-disposition:"), let range = line.range(of: "filename=\"") {
                    let rest = line[range.upperBound...]
                    part.filename = rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
                }
            }
            if part.filename != nil { return .success(part) }
            if fallback == nil { fallback = part }
            cursor = end.upperBound
        }
        return fallback.map { .success($0) } ?? .failure(.badRequest("the multipart body has no file part"))
    }
}
