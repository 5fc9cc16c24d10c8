import Foundation
import ParleyDomain
import ParleyHub
import ParleyStore

extension AttachmentDesk {
    /// `POST /api/v1/conversations/{id}/files?filename=NAME` with the raw bytes as the body and
    /// their `Content-Type` (or a `multipart/form-data` body whose first file part is taken):
    /// `201 {"id", "name", "size", "type"}`. The bytes are on disk and synced
    /// before the row is stored; a refusal stores no row.
    func upload(_ request: HTTPRequest, to conversationID: String, by identity: Identity, _ services: Services) async throws(AttachmentError) -> HTTPResponse {
        let user = identity.user
        guard let conversation = try await read({ try await services.store.conversation(conversationID) }),
              AccessPolicy.checkRead(user, conversation) == nil else {
            throw .forbidden("you are not a member of conversation \(conversationID)")
        }
        var (filename, declared, bytes) = (FileLinks.parse(request.query)["filename"], request.contentType, request.body)
        if let boundary = MultipartFile.boundary(request.contentType) {
            // A form post: the first file part, named by the query's `filename` or else by the part's own.
            let part = try MultipartFile.parse(bytes, boundary: boundary).get()
            (filename, declared, bytes) = (filename ?? part.filename, part.type, part.bytes)
        }
        let name = try FileRules.name(filename).get()
        let type = try FileRules.type(declared).get()
        guard !bytes.isEmpty else { throw .badRequest("the upload is empty: send the file's bytes as the request body") }
        guard bytes.count <= configuration.maxFileSize else {
            throw .tooLarge("file over the \(configuration.maxFileSize)-byte limit (max_file_size)")
        }
        if let mismatch = FileRules.contentMatches(bytes, type: type) { throw mismatch }
        let digest = try blobs.write(bytes)
        let file = StoredFile(id: FileID.make(), conversation: conversation.id, tenant: conversation.tenant, uploader: user, name: name,
                              size: Int64(bytes.count), type: type, sha256: digest, createdAt: now())
        let usage = try await read { try await services.store.fileUsage(tenant: conversation.tenant) }
        // Without a quota the store's check is skipped; with one, the store checks it again in the insert's transaction.
        guard try await read({ try await services.store.insertFile(file, quota: usage.quota) }) else {
            // The blob stays until the sweep finds nothing references it (another upload may share it).
            throw .tooLarge("tenant \(conversation.tenant)'s file quota of \(usage.quota ?? 0) bytes would be exceeded (\(usage.bytes) bytes used)")
        }
        logger.debug("file uploaded", metadata: ["file.id": "\(file.id)", "file.size": "\(file.size)", "conversation.id": "\(conversation.id)"])
        return .json(201, file.reference)
    }

    /// `GET /api/v1/storage` (admin): the tenant's storage use, quota and the largest file allowed.
    func usage(for identity: Identity, _ services: Services) async throws(AttachmentError) -> HTTPResponse {
        guard identity.isAdmin else { throw .forbidden("storage use is shown to admins only") }
        let tenant = identity.user.tenant
        let usage = try await read { try await services.store.fileUsage(tenant: tenant) }
        struct Usage: Encodable { var tenant: String; var bytes: Int64; var files: Int64; var quota: Int64?; var maxFileSize: Int }
        return .json(200, Usage(tenant: tenant, bytes: usage.bytes, files: usage.files, quota: usage.quota, maxFileSize: configuration.maxFileSize))
    }

    /// `PUT /api/v1/storage` (admin) with `{"quota": BYTES}` or `{"quota": null}` (no quota).
    func setQuota(_ body: [UInt8], by identity: Identity, _ services: Services) async throws(AttachmentError) -> HTTPResponse {
        guard identity.isAdmin else { throw .forbidden("setting the storage quota needs an admin token") }
        struct Body: Decodable { var quota: Int64? }
        guard let b = try? JSONDecoder().decode(Body.self, from: Data(body)) else {
            throw .badRequest("the body must be {\"quota\": BYTES} or {\"quota\": null}")
        }
        if let q = b.quota, q < 0 { throw .badRequest("'quota' must be 0 or more bytes") }
        try await read { try await services.store.setFileQuota(tenant: identity.user.tenant, bytes: b.quota) }
        return try await usage(for: identity, services)
    }

    /// A message was deleted: its files go, and their bytes at the next sweep unless another file holds them.
    public func messageDeleted(conversation: String, seq: Int64) async throws -> [StoredFile] {
        guard let services = attached else { return [] }
        return try await services.store.detachFiles(conversation: conversation, seq: seq)
    }
}

/// A deleted message takes its files with it: the store's delete (in the message's transaction)
/// empties the message's attachment list; this removes the files' rows right after the commit,
/// and the sweep their bytes unless another file holds the same ones.
extension AttachmentDesk: CommitObserver {
    public func committed(_ outcomes: [CommittedMessage]) {
        let deleted = outcomes.compactMap { o -> (String, Int64)? in
            guard !o.duplicate, o.message.kind == .delete, let target = o.message.target else { return nil }
            return (o.message.conversation, target)
        }
        guard !deleted.isEmpty else { return }
        Task {
            for (conversation, seq) in deleted {
                do { _ = try await messageDeleted(conversation: conversation, seq: seq) } catch {
                    logger.warning("files of a deleted message not removed", metadata: ["store.error": "\(error)", "conversation": "\(conversation)"])
                }
            }
        }
    }
}
