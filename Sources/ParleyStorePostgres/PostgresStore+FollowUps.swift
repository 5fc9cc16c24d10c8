import Foundation
import ParleyDomain
import ParleyStore
import PostgresNIO

/// Follow-ups (migration v8): each one whole as JSON, beside the columns they are found by.
extension PostgresStore: FollowUpStoring {
    public func insertFollowUps(_ items: [FollowUp]) async throws -> [FollowUp] {
        let rows = try items.map { ($0, try FollowUpJSON.encode($0)) }
        return try await transaction { db in
            var inserted: [FollowUp] = []
            for (item, body) in rows {
                let id = try await db.first("""
                    INSERT INTO followups(id, tenant, owner, requester, meeting, conversation, status, due, updated_at, body)
                    VALUES (\(item.id), \(item.tenant), \(item.owner.description), \(item.requester.description), \(item.meeting),
                            \(item.conversation), \(item.status.rawValue), \(item.due?.description), \(item.updatedAt), \(body))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """, as: String.self, logger)
                if id != nil { inserted.append(item) }
            }
            return inserted
        }
    }

    public func followUp(_ id: String) async throws -> FollowUp? {
        let body = try await pooled { db in try await db.first("SELECT body FROM followups WHERE id = \(id)", as: String.self, logger) }
        return try body.map(FollowUpJSON.decode)
    }

    public func replaceFollowUp(_ item: FollowUp, expectedUpdatedAt: Int64) async throws -> Bool {
        let body = try FollowUpJSON.encode(item)
        return try await pooled { db in
            try await db.first("""
                UPDATE followups SET owner = \(item.owner.description), requester = \(item.requester.description),
                    status = \(item.status.rawValue), due = \(item.due?.description), updated_at = \(item.updatedAt), body = \(body)
                WHERE id = \(item.id) AND updated_at = \(expectedUpdatedAt) RETURNING id
                """, as: String.self, logger) != nil
        }
    }

    public func followUps(_ query: FollowUpQuery) async throws -> [FollowUp] {
        let bodies = try await pooled { db in
            switch query.scope {
            case .involving(let user):
                try await db.all("""
                    SELECT body FROM followups WHERE tenant = \(query.tenant) AND (owner = \(user.description) OR requester = \(user.description))
                    """, as: String.self, logger)
            case .meeting(let id):
                try await db.all("SELECT body FROM followups WHERE tenant = \(query.tenant) AND meeting = \(id)", as: String.self, logger)
            case .conversation(let id):
                try await db.all("SELECT body FROM followups WHERE tenant = \(query.tenant) AND conversation = \(id)", as: String.self, logger)
            }
        }
        return Array(try bodies.map(FollowUpJSON.decode).filter(query.matches).sorted(by: FollowUpQuery.order).prefix(query.limit))
    }

    public func followUpsToRemind(dueBy day: ISODate, limit: Int) async throws -> [FollowUp] {
        let bodies = try await pooled { db in
            try await db.all("""
                SELECT body FROM followups WHERE status IN ('proposed', 'open') AND due IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM followup_reminders r WHERE r.key = 'r-' || followups.id || '-overdue-' || followups.due)
                    AND due <= \(day.description)
                ORDER BY due, id COLLATE "C" LIMIT \(Int64(limit))
                """, as: String.self, logger)
        }
        return try bodies.map(FollowUpJSON.decode)
    }

    public func reminderSent(_ key: String) async throws -> Bool {
        try await pooled { db in
            try await db.first("SELECT key FROM followup_reminders WHERE key = \(key)", as: String.self, logger) != nil
        }
    }

    public func markReminderSent(_ key: String, at: Int64) async throws {
        try await pooled { db in
            try await db.run("INSERT INTO followup_reminders(key, sent_at) VALUES (\(key), \(at)) ON CONFLICT (key) DO NOTHING", logger)
        }
    }

    public func pendingFollowUps(after: String, limit: Int) async throws -> [FollowUp] {
        let bodies = try await pooled { db in
            try await db.all("""
                SELECT body FROM followups WHERE status IN ('proposed', 'open') AND id COLLATE "C" > \(after)
                ORDER BY id COLLATE "C" LIMIT \(Int64(limit))
                """, as: String.self, logger)
        }
        return try bodies.map(FollowUpJSON.decode)
    }
}
