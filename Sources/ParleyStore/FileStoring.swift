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
