import ParleyDomain
import ParleyStore
import PostgresNIO

/// The directory: conversations, members and shares. Every change bumps the conversation's
/// `directory_version` and, after the commit, tells the other nodes (`parley_directory`).
extension PostgresStore {
    public func createConversation(kind: ConversationKind, tenant: String, title: String,
                                   members: [UserRef], sharedWith: [String], id: String?) async throws -> Conversation {
        let id = id ?? "g-\(UInt64.random(in: 1...UInt64(1) << 53).description)"
        var conversation = Conversation(id: id, kind: kind, tenant: tenant, title: title,
                                        members: Set(members), sharedWith: Set(sharedWith))
        for member in members {
            if let refusal = AccessPolicy.checkMembership(member, in: conversation), kind != .direct {
                throw StoreError(.refused, refusal.reason)
            }
        }
        let users = Array(Set(members.map(\.description)))
        let tenants = Array(Set(sharedWith))
        try await transaction { db in
            do {
                try await db.run("""
                    INSERT INTO conversations(id, kind, tenant, title, created_at, directory_version)
                    VALUES (\(id), \(kind.rawValue), \(tenant), \(title), \(StoreClock.now()), 1)
                    """, logger)
            } catch where PostgresFailure.sqlState(error) == PostgresFailure.uniqueViolation {
                throw StoreError(.conflict, "a conversation with id \(id) already exists")
            }
            try await db.run("INSERT INTO shares(conversation, tenant) SELECT \(id), unnest(\(tenants)::text[])", logger)
            try await db.run("INSERT INTO members(conversation, user_id) SELECT \(id), unnest(\(users)::text[])", logger)
        }
        await notify(.directory, [id])
        conversation.lastSeq = 0
        return conversation
    }

    public func conversation(_ id: String) async throws -> Conversation? {
        try await pooled { db in try await Self.load(db, id: id, logger) }
    }

    /// Every conversation with its members: the hub's directory at start.
    public func allConversations() async throws -> [Conversation] {
        try await pooled { db in
            var byID: [String: Conversation] = [:]
            for row in try await db.all("SELECT id, kind, tenant, title, last_seq FROM conversations",
                                        as: (String, String, String, String, Int64).self, logger) {
                byID[row.0] = Self.conversation(row)
            }
            for (id, user) in try await db.all("SELECT conversation, user_id FROM members", as: (String, String).self, logger) {
                if let user = UserRef(parsing: user, defaultTenant: "") { byID[id]?.members.insert(user) }
            }
            for (id, tenant) in try await db.all("SELECT conversation, tenant FROM shares", as: (String, String).self, logger) {
                byID[id]?.sharedWith.insert(tenant)
            }
            return Array(byID.values)
        }
    }

    /// Adds a member; refused when the user's tenant is neither the owner nor shared.
    public func addMember(_ user: UserRef, to id: String) async throws -> Conversation {
        let changed = try await transaction { db in
            guard let c = try await Self.lock(db, id: id, logger) else { throw StoreError(.notFound, "no conversation \(id)") }
            if let refusal = AccessPolicy.checkMembership(user, in: c) { throw StoreError(.refused, refusal.reason) }
            try await db.run("INSERT INTO members(conversation, user_id) VALUES (\(id), \(user.description)) ON CONFLICT DO NOTHING", logger)
            return try await Self.bumpDirectoryVersion(db, id, logger)
        }
        await notify(.directory, [id])
        return changed
    }

    public func removeMember(_ user: UserRef, from id: String) async throws -> Conversation {
        let changed = try await transaction { db in
            guard let c = try await Self.lock(db, id: id, logger) else { throw StoreError(.notFound, "no conversation \(id)") }
            if c.kind == .direct { throw StoreError(.refused, "members of direct conversations cannot change") }
            try await db.run("DELETE FROM members WHERE conversation = \(id) AND user_id = \(user.description)", logger)
            return try await Self.bumpDirectoryVersion(db, id, logger)
        }
        await notify(.directory, [id])
        return changed
    }

    /// Shares a group with another tenant, whose users may then be added as members.
    public func share(_ id: String, with tenant: String) async throws -> Conversation {
        let changed = try await transaction { db in
            guard try await Self.lock(db, id: id, logger) != nil else { throw StoreError(.notFound, "no conversation \(id)") }
            try await db.run("INSERT INTO shares(conversation, tenant) VALUES (\(id), \(tenant)) ON CONFLICT DO NOTHING", logger)
            return try await Self.bumpDirectoryVersion(db, id, logger)
        }
        await notify(.directory, [id])
        return changed
    }

    /// The direct conversation between two users, created on first use (by one node only: the
    /// insert that loses a race finds the winner's row).
    public func openDirect(_ a: UserRef, _ b: UserRef) async throws -> (Conversation, created: Bool) {
        if let refusal = AccessPolicy.checkDirect(a, b) { throw StoreError(.refused, refusal.reason) }
        let id = Conversation.directID(a, b)
        let users = [a.description, b.description]
        let opened = try await transaction { db -> (Conversation, created: Bool) in
            let inserted = try await db.value("""
                INSERT INTO conversations(id, kind, tenant, title, created_at, directory_version)
                VALUES (\(id), 'direct', \(a.tenant), \("\(a.id) & \(b.id)"), \(StoreClock.now()), 1)
                ON CONFLICT (id) DO NOTHING RETURNING 1
                """, as: Int32.self, logger) != nil
            if inserted {
                try await db.run("INSERT INTO members(conversation, user_id) SELECT \(id), unnest(\(users)::text[]) ON CONFLICT DO NOTHING", logger)
            }
            guard let c = try await Self.load(db, id: id, logger) else { throw StoreError(.notFound, "no conversation \(id)") }
            return (c, inserted)
        }
        if opened.created { await notify(.directory, [id]) }
        return opened
    }

    /// The conversations `user` belongs to, with unread counts (messages from others after the read mark).
    public func summaries(for user: UserRef) async throws -> [ConversationSummary] {
        try await pooled { db in try await Self.summaries(db, of: [user.description], logger)[user.description] ?? [] }
    }

    /// The groups a tenant owns (admin listing).
    public func conversations(ownedBy tenant: String) async throws -> [Conversation] {
        try await pooled { db in
            var found: [Conversation] = []
            for id in try await db.column("SELECT id FROM conversations WHERE tenant = \(tenant) AND kind <> 'direct' ORDER BY id COLLATE \"C\"",
                                          as: String.self, logger) {
                if let c = try await Self.load(db, id: id, logger) { found.append(c) }
            }
            return found
        }
    }

    // MARK: Rows

    /// Bumps the directory version and returns the conversation as it now is.
    static func bumpDirectoryVersion(_ db: PostgresConnection, _ id: String, _ logger: Logger) async throws -> Conversation {
        try await db.run("UPDATE conversations SET directory_version = directory_version + 1 WHERE id = \(id)", logger)
        guard let c = try await load(db, id: id, logger) else { throw StoreError(.notFound, "no conversation \(id)") }
        return c
    }

    /// Loads a conversation holding its row lock until the transaction ends, so that two nodes
    /// changing one conversation's members check the policy one after the other.
    static func lock(_ db: PostgresConnection, id: String, _ logger: Logger) async throws -> Conversation? {
        guard try await db.value("SELECT 1 FROM conversations WHERE id = \(id) FOR UPDATE", as: Int32.self, logger) != nil else { return nil }
        return try await load(db, id: id, logger)
    }

    static func load(_ db: PostgresConnection, id: String, _ logger: Logger) async throws -> Conversation? {
        guard let row = try await db.first("SELECT id, kind, tenant, title, last_seq FROM conversations WHERE id = \(id)",
                                           as: (String, String, String, String, Int64).self, logger) else { return nil }
        var c = conversation(row)
        for user in try await db.column("SELECT user_id FROM members WHERE conversation = \(id)", as: String.self, logger) {
            if let ref = UserRef(parsing: user, defaultTenant: "") { c.members.insert(ref) }
        }
        c.sharedWith = Set(try await db.column("SELECT tenant FROM shares WHERE conversation = \(id)", as: String.self, logger))
        return c
    }

    static func conversation(_ row: (String, String, String, String, Int64)) -> Conversation {
        Conversation(id: row.0, kind: ConversationKind(rawValue: row.1) ?? .group, tenant: row.2, title: row.3, lastSeq: row.4)
    }
}
