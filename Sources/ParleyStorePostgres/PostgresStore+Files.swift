import Foundation
import ParleyDomain
import ParleyStore
import PostgresNIO

/// File metadata (migration v12). In cluster mode the bytes sit in a directory every node mounts
/// (docs/cluster.md, "Files"); only the metadata is here.
extension PostgresStore: FileStoring {
    static let fileColumns = "id, conversation, tenant, uploader, name, size, type, sha256, created_at, message_seq"
    typealias FileRow = (String, String, String, String, String, Int64, String, String, Int64, Int64?)

    public func insertFile(_ file: StoredFile, quota: Int64?) async throws -> Bool {
        try await transaction { db in
            if let quota {
                // One upload per tenant at a time past this point: two cannot both slip under the quota.
                try await db.run("SELECT pg_advisory_xact_lock(hashtext(\("files:" + file.tenant)))", logger)
                let used = try await db.value("SELECT COALESCE(SUM(size), 0)::bigint FROM files WHERE tenant = \(file.tenant)",
                                              as: Int64.self, logger) ?? 0
                if used + file.size > quota { return false }
            }
            try await db.run("""
                INSERT INTO files(id, conversation, tenant, uploader, name, size, type, sha256, created_at, message_seq)
                VALUES (\(file.id), \(file.conversation), \(file.tenant), \(file.uploader.description), \(file.name), \(file.size),
                        \(file.type), \(file.sha256), \(file.createdAt), \(file.messageSeq))
                """, logger)
            return true
        }
    }

    public func file(_ id: String) async throws -> StoredFile? {
        try await pooled { db in
            try await db.first("SELECT \(unescaped: Self.fileColumns) FROM files WHERE id = \(id)", as: FileRow.self, logger).map(Self.file)
        }
    }

    public func files(conversation: String, seq: Int64) async throws -> [StoredFile] {
        try await pooled { db in
            try await db.all("""
                SELECT \(unescaped: Self.fileColumns) FROM files WHERE conversation = \(conversation) AND message_seq = \(seq)
                ORDER BY created_at, id COLLATE "C"
                """, as: FileRow.self, logger).map(Self.file)
        }
    }

    public func detachFiles(conversation: String, seq: Int64) async throws -> [StoredFile] {
        try await pooled { db in
            try await db.all("""
                DELETE FROM files WHERE conversation = \(conversation) AND message_seq = \(seq) RETURNING \(unescaped: Self.fileColumns)
                """, as: FileRow.self, logger).map(Self.file)
        }
    }

    public func fileUsage(tenant: String) async throws -> (bytes: Int64, files: Int64, quota: Int64?) {
        try await pooled { db in
            let row = try await db.first("SELECT COALESCE(SUM(size), 0)::bigint, COUNT(*)::bigint FROM files WHERE tenant = \(tenant)",
                                         as: (Int64, Int64).self, logger)
            let quota = try await db.value("SELECT bytes FROM file_quotas WHERE tenant = \(tenant)", as: Int64.self, logger)
            return (row?.0 ?? 0, row?.1 ?? 0, quota)
        }
    }

    public func setFileQuota(tenant: String, bytes: Int64?) async throws {
        try await pooled { db in
            if let bytes {
                try await db.run("""
                    INSERT INTO file_quotas(tenant, bytes) VALUES (\(tenant), \(bytes)) ON CONFLICT (tenant) DO UPDATE SET bytes = excluded.bytes
                    """, logger)
            } else {
                try await db.run("DELETE FROM file_quotas WHERE tenant = \(tenant)", logger)
            }
        }
    }

    public func removeUnattachedFiles(createdBefore before: Int64, limit: Int) async throws -> [StoredFile] {
        try await pooled { db in
            try await db.all("""
                DELETE FROM files WHERE id IN (
                    SELECT id FROM files WHERE message_seq IS NULL AND created_at < \(before) ORDER BY created_at LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                AND message_seq IS NULL
                RETURNING \(unescaped: Self.fileColumns)
                """, as: FileRow.self, logger).map(Self.file)
        }
    }

    public func referencedDigests(_ digests: [String]) async throws -> Set<String> {
        guard !digests.isEmpty else { return [] }
        return try await pooled { db in
            Set(try await db.column("SELECT DISTINCT sha256 FROM files WHERE sha256 = ANY(\(digests))", as: String.self, logger))
        }
    }

    static func file(_ r: FileRow) -> StoredFile {
        StoredFile(id: r.0, conversation: r.1, tenant: r.2, uploader: UserRef(parsing: r.3, defaultTenant: "") ?? UserRef(id: "?", tenant: "?"),
                   name: r.4, size: r.5, type: r.6, sha256: r.7, createdAt: r.8, messageSeq: r.9)
    }
}
