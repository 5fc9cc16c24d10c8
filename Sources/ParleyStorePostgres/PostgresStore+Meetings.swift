import Foundation
import ParleyDomain
import ParleyStore
import PostgresNIO

/// Meetings: stored from `meeting.start`, and minutes that wait in each attendee's inbox until the
/// attendee's client acknowledges them. Utterances are appended by the group-commit writer.
extension PostgresStore {
    public func createMeeting(_ m: Meeting) async throws {
        try await pooled { db in
            try await db.run("""
                INSERT INTO meetings(id, host, attendees, title, lang, date, conversation, state, started_at, last_activity)
                VALUES (\(m.id), \(m.host.description), \(Self.encodeUsers(m.attendees)), \(m.title), \(m.language.code),
                        \(m.date?.description), \(m.conversation), \(m.state.rawValue), \(m.startedAt), \(m.lastActivity))
                """, logger)
        }
    }

    public func meeting(_ id: String) async throws -> Meeting? {
        try await pooled { db in
            try await db.first("SELECT \(unescaped: Self.meetingColumns) FROM meetings WHERE id = \(id)", as: MeetingRow.self, logger)
                .map(Self.meeting)
        }
    }

    /// Meetings with work left: live ones, ended ones without minutes, and concluded ones whose
    /// newest minutes are not yet posted into their group.
    public func unfinishedMeetings() async throws -> [Meeting] {
        try await pooled { db in
            try await db.all("""
                SELECT \(unescaped: Self.meetingColumns) FROM meetings WHERE state <> 'concluded' OR posted_version < minutes_version
                """, as: MeetingRow.self, logger).map(Self.meeting)
        }
    }

    /// Every stored utterance of a meeting, in order.
    public func utterances(of meeting: String) async throws -> [MeetingUtterance] {
        try await pooled { db in
            try await db.all("SELECT n, speaker, text, start, \"end\" FROM meeting_utterances WHERE meeting = \(meeting) ORDER BY n",
                             as: (Int64, String, String, Double?, Double?).self, logger).map {
                MeetingUtterance(number: $0.0, speaker: $0.1, text: $0.2, start: $0.3, end: $0.4)
            }
        }
    }

    /// Closes a live meeting (idempotent) and returns it as stored; nil if there is no such meeting.
    public func endMeeting(_ id: String, at time: Int64) async throws -> Meeting? {
        try await transaction { db in
            try await db.run("UPDATE meetings SET state = 'ended', ended_at = \(time) WHERE id = \(id) AND state = 'live'", logger)
            return try await db.first("SELECT \(unescaped: Self.meetingColumns) FROM meetings WHERE id = \(id)", as: MeetingRow.self, logger)
                .map(Self.meeting)
        }
    }

    /// Stores a version of a meeting's minutes and puts it in every attendee's inbox, replacing an
    /// older version waiting there, in one transaction; then tells the other nodes
    /// (`parley_minutes`), whose attendees' clients may be connected there. Storing a version twice
    /// changes nothing.
    public func storeMinutes(meeting: String, version: Int64, body: String, attendees: [UserRef],
                             searchable: String?, language: Language) async throws {
        let terms = searchable.flatMap { text in searchText.map { Self.folded($0.indexForm(text, language: language)) } }
        let users = Array(Set(attendees.map(\.description)))
        let stored = try await transaction { db -> Bool in
            let inserted = try await db.value("""
                INSERT INTO meeting_minutes(meeting, version, body, created_at) VALUES (\(meeting), \(version), \(body), \(StoreClock.now()))
                ON CONFLICT DO NOTHING RETURNING 1
                """, as: Int32.self, logger) != nil
            guard inserted else { return false }
            try await db.run("""
                UPDATE meetings SET state = 'concluded', minutes_version = GREATEST(minutes_version, \(version)) WHERE id = \(meeting)
                """, logger)
            try await db.run("""
                INSERT INTO minutes_inbox(user_id, meeting, version) SELECT unnest(\(users)::text[]), \(meeting), \(version)
                ON CONFLICT (user_id, meeting) DO UPDATE SET version = GREATEST(minutes_inbox.version, excluded.version)
                """, logger)
            if let terms {
                try await db.run("""
                    INSERT INTO minutes_search(meeting, version, terms) VALUES (\(meeting), \(version), to_tsvector('simple', \(terms)))
                    ON CONFLICT (meeting) DO UPDATE SET version = excluded.version, terms = excluded.terms
                    """, logger)
            }
            return true
        }
        if stored { await notify(.minutes, [meeting]) }
    }

    /// The newest minutes of a meeting: version and JSON body.
    public func minutes(of meeting: String) async throws -> (version: Int64, body: String)? {
        try await pooled { db in
            try await db.first("SELECT version, body FROM meeting_minutes WHERE meeting = \(meeting) ORDER BY version DESC LIMIT 1",
                               as: (Int64, String).self, logger)
        }
    }

    /// Records that minutes `version` was posted into the meeting's group.
    public func markMinutesPosted(meeting: String, version: Int64) async throws {
        try await pooled { db in
            try await db.run("UPDATE meetings SET posted_version = GREATEST(posted_version, \(version)) WHERE id = \(meeting)", logger)
        }
    }

    /// Minutes waiting for `user`'s acknowledgement: meeting ids and versions, oldest meeting first.
    public func pendingMinutes(for user: UserRef) async throws -> [(meeting: String, version: Int64)] {
        try await pooled { db in
            try await db.all("SELECT meeting, version FROM minutes_inbox WHERE user_id = \(user.description) ORDER BY meeting COLLATE \"C\"",
                             as: (String, Int64).self, logger).map { (meeting: $0.0, version: $0.1) }
        }
    }

    /// The attendee has minutes `version` (or a newer one) of `meeting`: its inbox entry goes.
    /// Returns whether an entry was removed.
    @discardableResult
    public func acknowledgeMinutes(_ user: UserRef, meeting: String, version: Int64) async throws -> Bool {
        try await pooled { db in
            try await db.value("""
                DELETE FROM minutes_inbox WHERE user_id = \(user.description) AND meeting = \(meeting) AND version <= \(version) RETURNING 1
                """, as: Int32.self, logger) != nil
        }
    }

    /// Stores a whole meeting at once (an uploaded transcript): the meeting, already ended, and its
    /// utterances, in one transaction.
    public func storeEndedMeeting(_ m: Meeting, utterances: [UtteranceAppend]) async throws {
        let numbers = (0..<utterances.count).map { Int64($0 + 1) }
        try await transaction { db in
            try await db.run("""
                INSERT INTO meetings(id, host, attendees, title, lang, date, conversation, state, started_at, last_activity, ended_at, utterance_count)
                VALUES (\(m.id), \(m.host.description), \(Self.encodeUsers(m.attendees)), \(m.title), \(m.language.code), \(m.date?.description),
                        \(m.conversation), 'ended', \(m.startedAt), \(m.lastActivity), \(m.endedAt ?? m.lastActivity), \(Int64(utterances.count)))
                """, logger)
            // Times travel as text ('' for none): postgres-nio binds no arrays of optionals.
            try await db.run("""
                INSERT INTO meeting_utterances(meeting, n, speaker, text, start, "end", at)
                SELECT \(m.id), n, speaker, text, NULLIF(start, '')::double precision, NULLIF(stop, '')::double precision, \(m.startedAt)
                FROM unnest(\(numbers)::bigint[], \(utterances.map(\.speaker))::text[], \(utterances.map(\.text))::text[],
                            \(utterances.map { Self.optionalNumber($0.start) })::text[], \(utterances.map { Self.optionalNumber($0.end) })::text[])
                     AS u(n, speaker, text, start, stop)
                """, logger)
        }
    }

    // MARK: Rows

    static let meetingColumns = """
        id, host, attendees, title, lang, date, conversation, state, started_at, last_activity, ended_at, \
        utterance_count, minutes_version, posted_version
        """
    typealias MeetingRow = (String, String, String, String, String, String?, String?, String, Int64, Int64, Int64?, Int64, Int64, Int64)

    static func meeting(_ row: MeetingRow) -> Meeting {
        Meeting(id: row.0, host: UserRef(parsing: row.1, defaultTenant: "") ?? UserRef(id: "?", tenant: "?"),
                attendees: decodeUsers(row.2), title: row.3, language: Language(row.4), date: row.5.flatMap(ISODate.init),
                conversation: row.6, state: Meeting.State(rawValue: row.7) ?? .ended, startedAt: row.8, lastActivity: row.9,
                endedAt: row.10, utteranceCount: row.11, minutesVersion: row.12, postedVersion: row.13)
    }

    /// A Double as exact text (Swift's shortest round-tripping form), or '' for none.
    static func optionalNumber(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }

    static func encodeUsers(_ users: [UserRef]) -> String { StoredForms.encodeUsers(users) }
    static func decodeUsers(_ text: String) -> [UserRef] { StoredForms.decodeUsers(text) }
}
