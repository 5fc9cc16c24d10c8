import ParleyDomain

/// Where file metadata is kept: the attachments feature's slice of the store, implemented by both
/// drivers. The bytes are not here (ParleyAttachments' `BlobDirectory`); rules (who may upload,
/// download, attach) live above it, in the feature.
public protocol FileStoring: Sendable {
    /// Stores `file` unless its tenant's files would then exceed `quota` bytes (nil: no quota);
    /// false when refused for the quota. The blob must already be on disk and synced.
    func insertFile(_ file: StoredFile, quota: Int64?) async throws -> Bool
    func file(_ id: String) async throws -> StoredFile?
    /// The files attached to message `seq` of `conversation`.
    func files(conversation: String, seq: Int64) async throws -> [StoredFile]
    /// Removes the files attached to message `seq` of `conversation` (the message was deleted) and
    /// returns them; their blobs go at the next sweep unless another file holds the same bytes.
    func detachFiles(conversation: String, seq: Int64) async throws -> [StoredFile]

    /// Bytes of files a tenant keeps, and the quota set for it (nil: none).
    func fileUsage(tenant: String) async throws -> (bytes: Int64, files: Int64, quota: Int64?)
    /// Sets (nil: removes) a tenant's quota in bytes.
    func setFileQuota(tenant: String, bytes: Int64?) async throws

    /// Removes files never attached to a message and created before `before`, at most `limit`; returns them.
    func removeUnattachedFiles(createdBefore before: Int64, limit: Int) async throws -> [StoredFile]
    /// Which of `digests` some file still references (the sweep keeps those blobs).
    func referencedDigests(_ digests: [String]) async throws -> Set<String>
}

/// The rule both drivers' writers apply, inside the message's transaction, to a `send` that names
/// files: each was uploaded by the sender, to this conversation, and is not attached yet.
public enum AttachmentRule {
    /// Why a message's attachments are refused: the words and the code the sender sees.
    public struct Refusal: Error, Sendable {
        public var reason: String
        public var code: ErrorCode
    }

    /// The references the message carries, in the order named, or the first refusal. `found` holds
    /// the stored files by id; `claimed` the ids earlier messages of the same batch attach.
    public static func references(for message: OutgoingMessage, found: [String: StoredFile], claimed: Set<String> = []) -> Result<[FileReference], Refusal> {
        var references: [FileReference] = []
        for id in message.attachments {
            guard let file = found[id], file.conversation == message.conversation else {
                return .failure(Refusal(reason: "no file \(id) in conversation \(message.conversation); upload it there first", code: .notFound))
            }
            guard file.uploader == message.sender else {
                return .failure(Refusal(reason: "file \(id) was uploaded by someone else; only its uploader may attach it", code: .forbidden))
            }
            if let seq = file.messageSeq {
                return .failure(Refusal(reason: "file \(id) is already attached to message #\(seq); upload it again to send it twice", code: .conflict))
            }
            if claimed.contains(id) {
                return .failure(Refusal(reason: "file \(id) is already attached to another message", code: .conflict))
            }
            references.append(file.reference)
        }
        return .success(references)
    }
}
