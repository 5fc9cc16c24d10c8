import Foundation
import GRDB
import ParleyDomain
import ParleyStore

/// File metadata (migration v12). The bytes are not in the database: see ParleyAttachments.
extension SQLiteStore: FileStoring {
    public func insertFile(_ file: StoredFile, quota: Int64?) throws -> Bool {
        try pool.write { db in
            // In the write transaction: two uploads at once cannot both slip under the quota.
            if let quota {
                let used = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM files WHERE tenant = ?", arguments: [file.tenant]) ?? 0
                if used + file.size > quota { return false }
            }
            try db.execute(sql: """
                INSERT INTO files(id, conversation, tenant, uploader, name, size, type, sha256, created_at, message_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [file.id, file.conversation, file.tenant, file.uploader.description, file.name, file.size,
                                 file.type, file.sha256, file.createdAt, file.messageSeq])
            return true
        }
    }

    public func file(_ id: String) throws -> StoredFile? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM files WHERE id = ?", arguments: [id]).map(Self.file) }
    }

    public func files(conversation: String, seq: Int64) throws -> [StoredFile] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM files WHERE conversation = ? AND message_seq = ? ORDER BY created_at, id",
                             arguments: [conversation, seq]).map(Self.file)
        }
    }

    public func detachFiles(conversation: String, seq: Int64) throws -> [StoredFile] {
        try pool.write { db in
            let files = try Row.fetchAll(db, sql: "SELECT * FROM files WHERE conversation = ? AND message_seq = ?",
                                         arguments: [conversation, seq]).map(Self.file)
            try db.execute(sql: "DELETE FROM files WHERE conversation = ? AND message_seq = ?", arguments: [conversation, seq])
            return files
        }
    }

    public func fileUsage(tenant: String) throws -> (bytes: Int64, files: Int64, quota: Int64?) {
        try pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) AS bytes, COUNT(*) AS n FROM files WHERE tenant = ?", arguments: [tenant])
            let quota = try Int64.fetchOne(db, sql: "SELECT bytes FROM file_quotas WHERE tenant = ?", arguments: [tenant])
            return (row?["bytes"] ?? 0, row?["n"] ?? 0, quota)
        }
    }

    public func setFileQuota(tenant: String, bytes: Int64?) throws {
        try pool.write { db in
            if let bytes {
                try db.execute(sql: "INSERT INTO file_quotas(tenant, bytes) VALUES (?, ?) ON CONFLICT(tenant) DO UPDATE SET bytes = excluded.bytes",
                               arguments: [tenant, bytes])
            } else {
                try db.execute(sql: "DELETE FROM file_quotas WHERE tenant = ?", arguments: [tenant])
            }
        }
    }

    public func removeUnattachedFiles(createdBefore before: Int64, limit: Int) throws -> [StoredFile] {
        try pool.write { db in
            let files = try Row.fetchAll(db, sql: "SELECT * FROM files WHERE message_seq IS NULL AND created_at < ? ORDER BY created_at LIMIT ?",
                                         arguments: [before, limit]).map(Self.file)
            let delete = try db.cachedStatement(sql: "DELETE FROM files WHERE id = ? AND message_seq IS NULL")
            for file in files { try delete.execute(arguments: [file.id]) }
            return files
        }
    }

    public func referencedDigests(_ digests: [String]) throws -> Set<String> {
        guard !digests.isEmpty else { return [] }
        return try pool.read { db in
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM files WHERE sha256 = ? LIMIT 1")
            var found: Set<String> = []
            for digest in digests where try Int.fetchOne(statement, arguments: [digest]) != nil { found.insert(digest) }
            return found
        }
    }

    static func file(_ row: Row) -> StoredFile {
        StoredFile(id: row["id"], conversation: row["conversation"], tenant: row["tenant"],
                   uploader: UserRef(parsing: row["uploader"], defaultTenant: "") ?? UserRef(id: "?", tenant: "?"),
                   name: row["name"], size: row["size"], type: row["type"], sha256: row["sha256"],
                   createdAt: row["created_at"], messageSeq: row["message_seq"])
    }
}
