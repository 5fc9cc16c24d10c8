import Foundation
import GRDB
import ParleyDomain
import ParleyStore

/// Follow-ups (migration v8): each one whole as JSON, beside the columns they are found by.
extension SQLiteStore: FollowUpStoring {
    public func insertFollowUps(_ items: [FollowUp]) throws -> [FollowUp] {
        try pool.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO followups(id, tenant, owner, requester, meeting, conversation, status, due, updated_at, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var inserted: [FollowUp] = []
            for item in items {
                try insert.execute(arguments: [item.id, item.tenant, item.owner.description, item.requester.description, item.meeting,
                                               item.conversation, item.status.rawValue, item.due?.description, item.updatedAt,
                                               try FollowUpJSON.encode(item)])
                if db.changesCount > 0 { inserted.append(item) }
            }
            return inserted
        }
    }

    public func followUp(_ id: String) throws -> FollowUp? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM followups WHERE id = ?", arguments: [id]).map(FollowUpJSON.decode)
        }
    }

    public func replaceFollowUp(_ item: FollowUp, expectedUpdatedAt: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE followups SET owner = ?, requester = ?, status = ?, due = ?, updated_at = ?, body = ? WHERE id = ? AND updated_at = ?
                """, arguments: [item.owner.description, item.requester.description, item.status.rawValue, item.due?.description,
                                 item.updatedAt, try FollowUpJSON.encode(item), item.id, expectedUpdatedAt])
            return db.changesCount == 1
        }
    }

    public func followUps(_ query: FollowUpQuery) throws -> [FollowUp] {
        let (condition, value): (String, String) = switch query.scope {
        case .involving(let user): ("(owner = ?1 OR requester = ?1)", user.description)
        case .meeting(let id): ("meeting = ?1", id)
        case .conversation(let id): ("conversation = ?1", id)
        }
        let bodies = try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM followups WHERE tenant = ?2 AND \(condition)", arguments: [value, query.tenant])
        }
        return Array(try bodies.map(FollowUpJSON.decode).filter(query.matches).sorted(by: FollowUpQuery.order).prefix(query.limit))
    }

    public func followUpsToRemind(dueBy day: ISODate, limit: Int) throws -> [FollowUp] {
        try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT body FROM followups WHERE status IN ('proposed', 'open') AND due IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM followup_reminders r WHERE r.key = 'r-' || followups.id || '-overdue-' || followups.due)
                    AND due <= ? ORDER BY due, id LIMIT ?
                """, arguments: [day.description, limit])
        }.map(FollowUpJSON.decode)
    }

    public func reminderSent(_ key: String) throws -> Bool {
        try pool.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM followup_reminders WHERE key = ?", arguments: [key]) ?? false }
    }

    public func markReminderSent(_ key: String, at: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO followup_reminders(key, sent_at) VALUES (?, ?)", arguments: [key, at])
        }
    }

    public func pendingFollowUps(after: String, limit: Int) throws -> [FollowUp] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM followups WHERE status IN ('proposed', 'open') AND id > ? ORDER BY id LIMIT ?",
                                arguments: [after, limit])
        }.map(FollowUpJSON.decode)
    }
}
