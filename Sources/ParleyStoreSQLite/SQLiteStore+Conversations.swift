import GRDB
import ParleyDomain
import ParleyStore

extension SQLiteStore {
    /// Creates a group or topic group owned by `tenant`.
    public func createConversation(kind: ConversationKind, tenant: String, title: String,
                                   members: [UserRef], sharedWith: [String] = [], id: String? = nil) throws -> Conversation {
        let id = id ?? "g-\(UInt64.random(in: 1...UInt64(1) << 53).description)"
        var conversation = Conversation(id: id, kind: kind, tenant: tenant, title: title,
                                        members: Set(members), sharedWith: Set(sharedWith))
        for member in members {
            if let refusal = AccessPolicy.checkMembership(member, in: conversation), kind != .direct {
                throw StoreError(.refused, refusal.reason)
            }
        }
        try pool.write { db in
            try db.execute(sql: "INSERT INTO conversations(id, kind, tenant, title, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, kind.rawValue, tenant, title, StoreClock.now()])
            for tenant in sharedWith {
                try db.execute(sql: "INSERT INTO shares(conversation, tenant) VALUES (?, ?)", arguments: [id, tenant])
            }
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO members(conversation, user) VALUES (?, ?)")
            for member in members { try insert.execute(arguments: [id, member.description]) }
        }
        conversation.lastSeq = 0
        return conversation
    }

    public func conversation(_ id: String) throws -> Conversation? {
        try pool.read { db in try Self.load(db, id: id) }
    }

    /// Every conversation with its members: the hub's directory at start.
    public func allConversations() throws -> [Conversation] {
        try pool.read { db in
            var byID: [String: Conversation] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, kind, tenant, title, last_seq FROM conversations") {
                let c = Self.conversation(row)
                byID[c.id] = c
            }
            for row in try Row.fetchAll(db, sql: "SELECT conversation, user FROM members") {
                let id: String = row[0]
                if let user = UserRef(parsing: row[1], defaultTenant: "") { byID[id]?.members.insert(user) }
            }
            for row in try Row.fetchAll(db, sql: "SELECT conversation, tenant FROM shares") {
                let id: String = row[0]
                byID[id]?.sharedWith.insert(row[1])
            }
            return Array(byID.values)
        }
    }

    /// Adds a member; refused when the user's tenant is neither the owner nor shared.
    public func addMember(_ user: UserRef, to id: String) throws -> Conversation {
        try pool.write { db in
            guard let c = try Self.load(db, id: id) else { throw StoreError(.notFound, "no conversation \(id)") }
            if let refusal = AccessPolicy.checkMembership(user, in: c) { throw StoreError(.refused, refusal.reason) }
            try db.execute(sql: "INSERT OR IGNORE INTO members(conversation, user) VALUES (?, ?)", arguments: [id, user.description])
            try Self.bumpDirectoryVersion(db, id)
            return try Self.load(db, id: id)!
        }
    }

    public func removeMember(_ user: UserRef, from id: String) throws -> Conversation {
        try pool.write { db in
            guard let c = try Self.load(db, id: id) else { throw StoreError(.notFound, "no conversation \(id)") }
            if c.kind == .direct { throw StoreError(.refused, "members of direct conversations cannot change") }
            try db.execute(sql: "DELETE FROM members WHERE conversation = ? AND user = ?", arguments: [id, user.description])
            try Self.bumpDirectoryVersion(db, id)
            return try Self.load(db, id: id)!
        }
    }

    /// Shares a group with another tenant, whose users may then be added as members.
    public func share(_ id: String, with tenant: String) throws -> Conversation {
        try pool.write { db in
            guard try Self.load(db, id: id) != nil else { throw StoreError(.notFound, "no conversation \(id)") }
            try db.execute(sql: "INSERT OR IGNORE INTO shares(conversation, tenant) VALUES (?, ?)", arguments: [id, tenant])
            try Self.bumpDirectoryVersion(db, id)
            return try Self.load(db, id: id)!
        }
    }

    /// The direct conversation between two users, created on first use.
    public func openDirect(_ a: UserRef, _ b: UserRef) throws -> (Conversation, created: Bool) {
        if let refusal = AccessPolicy.checkDirect(a, b) { throw StoreError(.refused, refusal.reason) }
        let id = Conversation.directID(a, b)
        return try pool.write { db in
            if let existing = try Self.load(db, id: id) { return (existing, false) }
            try db.execute(sql: "INSERT INTO conversations(id, kind, tenant, title, created_at) VALUES (?, 'direct', ?, ?, ?)",
                           arguments: [id, a.tenant, "\(a.id) & \(b.id)", StoreClock.now()])
            for user in [a, b] {
                try db.execute(sql: "INSERT INTO members(conversation, user) VALUES (?, ?)", arguments: [id, user.description])
            }
            return (try Self.load(db, id: id)!, true)
        }
    }

    /// The conversations `user` belongs to, with unread counts (messages from others after the read mark).
    public func summaries(for user: UserRef) throws -> [ConversationSummary] {
        try pool.read { db in try Self.summaries(db, for: user) }
    }

    /// What `welcome` needs for each of `users`, in one read transaction with statements compiled
    /// once: after a restart, thousands of users arrive within a second.
    public func arrivals(of users: [UserRef]) throws -> [UserRef: UserArrival] {
        try pool.read { db in
            let settings = try db.cachedStatement(sql: "SELECT lang, translate FROM users WHERE user = ?")
            let waiting = try db.cachedStatement(sql: "SELECT 1 FROM minutes_inbox WHERE user = ? LIMIT 1")
            var found: [UserRef: UserArrival] = [:]
            found.reserveCapacity(users.count)
            for user in users {
                let key = user.description
                let saved = try Row.fetchOne(settings, arguments: [key]).map(Self.settings)
                found[user] = UserArrival(summaries: try Self.summaries(db, for: user), settings: saved,
                                      minutesWaiting: try Int.fetchOne(waiting, arguments: [key]) != nil)
            }
            return found
        }
    }

    static func summaries(_ db: Database, for user: UserRef) throws -> [ConversationSummary] {
        let key = user.description
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.id, c.kind, c.tenant, c.title, c.last_seq, COALESCE(r.seq, 0) AS read_seq
            FROM members m JOIN conversations c ON c.id = m.conversation
            LEFT JOIN read_marks r ON r.user = m.user AND r.conversation = c.id
            WHERE m.user = ? ORDER BY c.id
            """), arguments: [key])
        let unread = try db.cachedStatement(sql: "SELECT COUNT(*) FROM messages WHERE conversation = ? AND seq > ? AND sender != ? AND kind NOT IN ('edit', 'delete', 'reaction')")
        return try rows.map { row in
            let id: String = row["id"]
            let count = try Int64.fetchOne(unread, arguments: [id, row["read_seq"] as Int64, key]) ?? 0
            return ConversationSummary(id: id, kind: ConversationKind(rawValue: row["kind"]) ?? .group,
                                       tenant: row["tenant"], title: row["title"], lastSeq: row["last_seq"], unread: count)
        }
    }

    /// The groups a tenant owns (admin listing).
    public func conversations(ownedBy tenant: String) throws -> [Conversation] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM conversations WHERE tenant = ? AND kind != 'direct' ORDER BY id",
                                arguments: [tenant]).compactMap { try Self.load(db, id: $0) }
        }
    }

    static func bumpDirectoryVersion(_ db: Database, _ id: String) throws {
        try db.execute(sql: "UPDATE conversations SET directory_version = directory_version + 1 WHERE id = ?", arguments: [id])
    }

    static func load(_ db: Database, id: String) throws -> Conversation? {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, kind, tenant, title, last_seq FROM conversations WHERE id = ?",
                                         arguments: [id]) else { return nil }
        var c = conversation(row)
        for user in try String.fetchAll(db, sql: "SELECT user FROM members WHERE conversation = ?", arguments: [id]) {
            if let ref = UserRef(parsing: user, defaultTenant: "") { c.members.insert(ref) }
        }
        c.sharedWith = Set(try String.fetchAll(db, sql: "SELECT tenant FROM shares WHERE conversation = ?", arguments: [id]))
        return c
    }

    static func conversation(_ row: Row) -> Conversation {
        Conversation(id: row["id"], kind: ConversationKind(rawValue: row["kind"]) ?? .group,
                     tenant: row["tenant"], title: row["title"], lastSeq: row["last_seq"])
    }
}
