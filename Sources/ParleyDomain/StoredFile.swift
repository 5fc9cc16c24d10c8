import Foundation

/// A file uploaded to a conversation: its metadata as the store keeps it. The bytes live apart,
/// content-addressed by `sha256` (see ParleyAttachments), so one blob may back several files.
public struct StoredFile: Sendable, Hashable, Codable {
    /// Opaque and unguessable (`fl-` and 128 random bits).
    public var id: String
    public var conversation: String
    /// The conversation's owning tenant: whose storage the file counts against.
    public var tenant: String
    public var uploader: UserRef
    /// The name the uploader gave, checked (`FileName`); never a path.
    public var name: String
    public var size: Int64
    /// The declared media type, lowercased, without parameters.
    public var type: String
    /// Lowercase hex SHA-256 of the bytes.
    public var sha256: String
    /// Milliseconds since 1970.
    public var createdAt: Int64
    /// The message it is attached to; nil until a `send` names it (the sweep removes it after a grace).
    public var messageSeq: Int64?

    public init(id: String, conversation: String, tenant: String, uploader: UserRef, name: String, size: Int64, type: String,
                sha256: String, createdAt: Int64, messageSeq: Int64? = nil) {
        self.id = id
        self.conversation = conversation
        self.tenant = tenant
        self.uploader = uploader
        self.name = name
        self.size = size
        self.type = type
        self.sha256 = sha256
        self.createdAt = createdAt
        self.messageSeq = messageSeq
    }

    /// What a message carries about it (`attachments` in its frame).
    public var reference: FileReference { FileReference(id: id, name: name, size: size, type: type) }
}

extension FileReference {
    /// `[{"id", "name", "size", "type"}, …]`: a message row's `attachments` column and its frame's field.
    public static func json(_ files: [FileReference]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, f) in files.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            var w = JSONWriter()
            w.field("id", f.id)
            w.field("name", f.name)
            w.field("size", f.size)
            w.field("type", f.type)
            out.append(contentsOf: w.finish())
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// The stored column back as references; empty for nil or anything unreadable.
    public static func decode(_ column: String?) -> [FileReference] {
        guard let column, let data = column.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([FileReference].self, from: data)) ?? []
    }
}

/// A file as a message shows it: `{"id", "name", "size", "type"}`.
public struct FileReference: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var size: Int64
    public var type: String
    public init(id: String, name: String, size: Int64, type: String) {
        self.id = id
        self.name = name
        self.size = size
        self.type = type
    }
}
