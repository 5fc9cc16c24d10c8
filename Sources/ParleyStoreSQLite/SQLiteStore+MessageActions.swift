import GRDB
import ParleyDomain
import ParleyStore

/// Edits, deletions, reactions and replies inside the group-commit writer's transaction: the
/// target is read, the rules are applied (`AccessPolicy.checkAction`), and the target changed, in
/// the same transaction as the event that records the action. An edit racing a deletion therefore
/// finds the message deleted, and every node sees the same final state.
enum MessageActions {
    enum Outcome {
        /// Applied; the search index row to revise afterwards (the target's new text, or "" to remove
        /// it), and the texts a deletion erased.
        case applied(SQLiteSearchIndex.Entry?, erased: [String] = [])
        case refused(ErrorCode, String)
    }

    /// Applies the action (or checks the reply) `r`, which will be stored as message `seq`; sets the
    /// event's topic to the target's (replies in topic groups stay in the original's topic) and a
    /// reaction's payload (`{"on": true|false}`: added or removed).
    static func apply(_ r: inout OutgoingMessage, seq: Int64, at now: Int64, _ db: Database, indexed: Bool) throws -> Outcome {
        guard let targetSeq = r.target else { return .applied(nil) }
        let row = try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE conversation = ? AND seq = ?", arguments: [r.conversation, targetSeq])
        let target = row.map(SQLiteStore.message)
        guard r.kind.isAction else {
            guard let target, !target.kind.isAction, target.seq < seq else {
                return .refused(.notFound, "'reply_to': there is no message #\(targetSeq) of conversation \(r.conversation)")
            }
            if target.topic != nil { r.topic = target.topic }
            return .applied(nil)
        }
        let tenant = try String.fetchOne(db, sql: "SELECT tenant FROM conversations WHERE id = ?", arguments: [r.conversation]) ?? ""
        if let (code, reason) = AccessPolicy.checkAction(r, on: target, conversationTenant: tenant) { return .refused(code, reason) }
        guard let target, let row else { return .refused(.notFound, "there is no message #\(targetSeq)") }
        r.topic = target.topic
        let key: [any DatabaseValueConvertible] = [r.conversation, targetSeq]
        func position() throws -> Int64? {
            guard indexed else { return nil }
            if let known: Int64 = row["index_position"] { return known }
            return try Int64.fetchOne(db, sql: "SELECT position FROM message_positions WHERE conversation = ? AND seq = ?",
                                      arguments: StatementArguments(key))
        }
        switch r.kind {
        case .edit:
            let version = (try Int64.fetchOne(db, sql: "SELECT MAX(version) FROM message_versions WHERE conversation = ? AND seq = ?",
                                              arguments: StatementArguments(key)) ?? 0) + 1
            try db.execute(sql: "INSERT INTO message_versions(conversation, seq, version, text, lang, replaced_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [r.conversation, targetSeq, version, target.text, target.language.code, now])
            try db.execute(sql: "UPDATE messages SET text = ?, lang = ?, edited_at = ? WHERE conversation = ? AND seq = ?",
                           arguments: [r.text, r.language.code, now, r.conversation, targetSeq])
            return .applied(try position().map { .init(position: $0, conversation: r.conversation, text: r.text, language: r.language) })
        case .delete:
            let versions = try String.fetchAll(db, sql: "SELECT text FROM message_versions WHERE conversation = ? AND seq = ?",
                                               arguments: StatementArguments(key))
            // Erased, not hidden: the row's text, the texts of its edits and its earlier versions.
            // `secure_delete` overwrites what the statements free, so the words leave the file too.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.execute(sql: "UPDATE messages SET text = '', payload = NULL, attachments = NULL, deleted_at = ? WHERE conversation = ? AND seq = ?",
                           arguments: [now, r.conversation, targetSeq])
            try db.execute(sql: "UPDATE messages SET text = '' WHERE conversation = ? AND target = ? AND kind = 'edit'", arguments: StatementArguments(key))
            try db.execute(sql: "DELETE FROM message_versions WHERE conversation = ? AND seq = ?", arguments: StatementArguments(key))
            try db.execute(sql: "DELETE FROM message_reactions WHERE conversation = ? AND seq = ?", arguments: StatementArguments(key))
            try db.execute(sql: "PRAGMA secure_delete = OFF")
            return .applied(try position().map { .init(position: $0, conversation: r.conversation, text: "", language: target.language) },
                            erased: [target.text] + versions)
        case .reaction:
            try db.execute(sql: "DELETE FROM message_reactions WHERE conversation = ? AND seq = ? AND emoji = ? AND user = ?",
                           arguments: [r.conversation, targetSeq, r.text, r.sender.description])
            let removed = db.changesCount > 0
            if !removed {
                try db.execute(sql: "INSERT INTO message_reactions(conversation, seq, emoji, user, at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [r.conversation, targetSeq, r.text, r.sender.description, now])
            }
            r.payload = removed ? #"{"on":false}"# : #"{"on":true}"#
            return .applied(nil)
        case .text, .bot, .minutes:
            return .applied(nil)
        }
    }
}

extension SQLiteStore {
    /// Fills the reactions of a page of one conversation's messages (history, catch-up): one range
    /// read, so a client that missed the reaction events still sees the final state.
    static func attachReactions(_ messages: inout [ChatMessage], _ db: Database) throws {
        guard let first = messages.first, let last = messages.last else { return }
        let rows = try Row.fetchAll(db, sql: """
            SELECT seq, emoji, user FROM message_reactions WHERE conversation = ? AND seq BETWEEN ? AND ? ORDER BY at, user
            """, arguments: [first.conversation, min(first.seq, last.seq), max(first.seq, last.seq)])
        guard !rows.isEmpty else { return }
        var index: [Int64: Int] = [:]
        for (i, m) in messages.enumerated() { index[m.seq] = i }
        for row in rows {
            guard let i = index[row["seq"]] else { continue }
            messages[i].reactions = messages[i].reactions ?? [:]
            messages[i].reactions?[row["emoji"], default: []].append(row["user"])
        }
    }
}

extension SQLiteStore: MessageVersionStoring {
    public func messageVersions(conversation: String, seq: Int64) async throws -> (message: ChatMessage?, versions: [MessageVersion]) {
        try storedVersions(conversation: conversation, seq: seq)
    }

    /// A synchronous read, as every read of this store (see `newestPosition`).
    func storedVersions(conversation: String, seq: Int64) throws -> (message: ChatMessage?, versions: [MessageVersion]) {
        try pool.read { db in
            let message = try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE conversation = ? AND seq = ?",
                                           arguments: [conversation, seq]).map(Self.message)
            let versions = try Row.fetchAll(db, sql: """
                SELECT version, text, lang, replaced_at FROM message_versions WHERE conversation = ? AND seq = ? ORDER BY version
                """, arguments: [conversation, seq]).map {
                MessageVersion(version: $0["version"], text: $0["text"], lang: $0["lang"], replacedAt: $0["replaced_at"])
            }
            return (message, versions)
        }
    }
}
