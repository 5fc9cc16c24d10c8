import Logging
import ParleyDomain
import ParleyStore
import PostgresNIO

/// Edits, deletions, reactions and replies inside a group-commit transaction (`BatchTransaction`),
/// under the conversation's row lock: the target is read, the rules applied
/// (`AccessPolicy.checkAction`) and the target changed in the transaction that stores the event, so
/// an edit racing a deletion on another node finds the message deleted.
enum PostgresMessageActions {
    enum Outcome {
        /// Applied; the texts a deletion erased.
        case applied(erased: [String])
        case refused(ErrorCode, String)
    }

    /// Applies the action (or checks the reply) `r`, to be stored as message `seq`. `terms` are the
    /// search terms of `r.text` (an edit's new text). Sets the event's topic to the target's, and a
    /// reaction's payload (`{"on": true|false}`).
    static func apply(_ r: inout OutgoingMessage, seq: Int64, terms: String?, at now: Int64,
                      _ db: PostgresConnection, _ logger: Logger) async throws -> Outcome {
        guard let targetSeq = r.target else { return .applied(erased: []) }
        let row = try await db.first("""
            SELECT \(unescaped: PostgresStore.messageColumns) FROM messages WHERE conversation = \(r.conversation) AND seq = \(targetSeq)
            """, as: PostgresStore.MessageRow.self, logger)
        let target = row.map(PostgresStore.message)
        guard r.kind.isAction else {
            guard let target, !target.kind.isAction, target.seq < seq else {
                return .refused(.notFound, "'reply_to': there is no message #\(targetSeq) of conversation \(r.conversation)")
            }
            if target.topic != nil { r.topic = target.topic }
            return .applied(erased: [])
        }
        let tenant = try await db.value("SELECT tenant FROM conversations WHERE id = \(r.conversation)", as: String.self, logger) ?? ""
        if let (code, reason) = AccessPolicy.checkAction(r, on: target, conversationTenant: tenant) { return .refused(code, reason) }
        guard let target else { return .refused(.notFound, "there is no message #\(targetSeq)") }
        r.topic = target.topic
        let c = r.conversation
        var erased: [String] = []
        switch r.kind {
        case .edit:
            try await db.run("""
                INSERT INTO message_versions(conversation, seq, version, text, lang, replaced_at)
                SELECT \(c), \(targetSeq), COALESCE(MAX(version), 0) + 1, \(target.text), \(target.language.code), \(now)
                FROM message_versions WHERE conversation = \(c) AND seq = \(targetSeq)
                """, logger)
            try await db.run("""
                UPDATE messages SET text = \(r.text), lang = \(r.language.code), edited_at = \(now) WHERE conversation = \(c) AND seq = \(targetSeq)
                """, logger)
            if let terms {
                try await db.run("""
                    UPDATE message_search SET terms = to_tsvector('simple', \(terms)) WHERE conversation = \(c) AND seq = \(targetSeq)
                    """, logger)
            }
        case .delete:
            erased = [target.text] + (try await db.column("SELECT text FROM message_versions WHERE conversation = \(c) AND seq = \(targetSeq)",
                                                        as: String.self, logger))
            // Erased, not hidden: the row's text, its edits' texts, its earlier versions and its search row.
            try await db.run("""
                UPDATE messages SET text = '', payload = NULL, attachments = NULL, deleted_at = \(now) WHERE conversation = \(c) AND seq = \(targetSeq)
                """, logger)
            try await db.run("UPDATE messages SET text = '' WHERE conversation = \(c) AND target = \(targetSeq) AND kind = 'edit'", logger)
            try await db.run("DELETE FROM message_versions WHERE conversation = \(c) AND seq = \(targetSeq)", logger)
            try await db.run("DELETE FROM message_reactions WHERE conversation = \(c) AND seq = \(targetSeq)", logger)
            try await db.run("DELETE FROM message_search WHERE conversation = \(c) AND seq = \(targetSeq)", logger)
        case .reaction:
            let removed = try await db.value("""
                DELETE FROM message_reactions WHERE conversation = \(c) AND seq = \(targetSeq) AND emoji = \(r.text)
                AND user_id = \(r.sender.description) RETURNING 1
                """, as: Int32.self, logger) != nil
            if !removed {
                try await db.run("""
                    INSERT INTO message_reactions(conversation, seq, emoji, user_id, at)
                    VALUES (\(c), \(targetSeq), \(r.text), \(r.sender.description), \(now))
                    """, logger)
            }
            r.payload = removed ? #"{"on":false}"# : #"{"on":true}"#
        case .text, .bot, .minutes:
            break
        }
        return .applied(erased: erased)
    }
}

extension PostgresStore {
    /// Fills the reactions of a page of one conversation's messages (history, catch-up): one range
    /// read, so a client that missed the reaction events still sees the final state.
    static func attachReactions(_ messages: inout [ChatMessage], _ db: PostgresConnection, _ logger: Logger) async throws {
        guard let first = messages.first, let last = messages.last else { return }
        let rows = try await db.all("""
            SELECT seq, emoji, user_id FROM message_reactions
            WHERE conversation = \(first.conversation) AND seq BETWEEN \(min(first.seq, last.seq)) AND \(max(first.seq, last.seq))
            ORDER BY at, user_id
            """, as: (Int64, String, String).self, logger)
        guard !rows.isEmpty else { return }
        var index: [Int64: Int] = [:]
        for (i, m) in messages.enumerated() { index[m.seq] = i }
        for (seq, emoji, user) in rows {
            guard let i = index[seq] else { continue }
            messages[i].reactions = messages[i].reactions ?? [:]
            messages[i].reactions?[emoji, default: []].append(user)
        }
    }
}

extension PostgresStore: MessageVersionStoring {
    public func messageVersions(conversation: String, seq: Int64) async throws -> (message: ChatMessage?, versions: [MessageVersion]) {
        try await pooled { db in
            let message = try await db.first("""
                SELECT \(unescaped: Self.messageColumns) FROM messages WHERE conversation = \(conversation) AND seq = \(seq)
                """, as: MessageRow.self, logger).map(Self.message)
            let versions = try await db.all("""
                SELECT version, text, lang, replaced_at FROM message_versions WHERE conversation = \(conversation) AND seq = \(seq) ORDER BY version
                """, as: (Int64, String, String, Int64).self, logger).map {
                MessageVersion(version: $0.0, text: $0.1, lang: $0.2, replacedAt: $0.3)
            }
            return (message, versions)
        }
    }
}
