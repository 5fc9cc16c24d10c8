import Foundation
import GRDB
import ParleyDomain
import ParleyStore

/// Meetings: stored from `meeting.start`, so that a restart loses no meeting in progress, and
/// minutes that wait in each attendee's inbox until the attendee's client acknowledges them.
/// Utterances are appended by the group-commit writer (`SQLiteWriter.append(utterance:)`).
extension SQLiteStore {
    public func createMeeting(_ m: Meeting) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO meetings(id, host, attendees, title, lang, date, conversation, state, started_at, last_activity)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [m.id, m.host.description, Self.encodeUsers(m.attendees), m.title, m.language.code, m.date?.description,
                                 m.conversation, m.state.rawValue, m.startedAt, m.lastActivity])
        }
    }

    public func meeting(_ id: String) throws -> Meeting? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM meetings WHERE id = ?", arguments: [id]).map(Self.meeting) }
    }

    /// Meetings with work left: live ones (to keep serving their host), ended ones without minutes,
    /// and concluded ones whose newest minutes are not yet posted into their group.
    public func unfinishedMeetings() throws -> [Meeting] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM meetings WHERE state != 'concluded' OR posted_version < minutes_version").map(Self.meeting)
        }
    }

    /// Every stored utterance of a meeting, in order.
    public func utterances(of meeting: String) throws -> [MeetingUtterance] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT n, speaker, text, start, \"end\" FROM meeting_utterances WHERE meeting = ? ORDER BY n",
                             arguments: [meeting]).map {
                MeetingUtterance(number: $0["n"], speaker: $0["speaker"], text: $0["text"], start: $0["start"], end: $0["end"])
            }
        }
    }

    /// Closes a live meeting (idempotent) and returns it as stored; nil if there is no such meeting.
    public func endMeeting(_ id: String, at time: Int64) throws -> Meeting? {
        try pool.write { db in
            try db.execute(sql: "UPDATE meetings SET state = 'ended', ended_at = ? WHERE id = ? AND state = 'live'", arguments: [time, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM meetings WHERE id = ?", arguments: [id]).map(Self.meeting)
        }
    }

    /// Stores a version of a meeting's minutes and puts it in every attendee's inbox, replacing an
    /// older version waiting there, in one transaction. Storing a version twice changes nothing.
    /// `searchable` (with its language) is indexed for search, replacing the older version's entry.
    public func storeMinutes(meeting: String, version: Int64, body: String, attendees: [UserRef],
                             searchable: String? = nil, language: Language = .undetermined) throws {
        let terms = searchable.flatMap { text in searchText?.indexForm(text, language: language) }
        try pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO meeting_minutes(meeting, version, body, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [meeting, version, body, StoreClock.now()])
            guard db.changesCount > 0 else { return }
            try db.execute(sql: "UPDATE meetings SET state = 'concluded', minutes_version = MAX(minutes_version, ?) WHERE id = ?",
                           arguments: [version, meeting])
            let inbox = try db.cachedStatement(sql: """
                INSERT INTO minutes_inbox(user, meeting, version) VALUES (?, ?, ?)
                ON CONFLICT(user, meeting) DO UPDATE SET version = MAX(version, excluded.version)
                """)
            for user in attendees { try inbox.execute(arguments: [user.description, meeting, version]) }
            if let terms {
                try db.execute(sql: "DELETE FROM minutes_search WHERE meeting = ?", arguments: [meeting])
                try db.execute(sql: "INSERT INTO minutes_search(terms, meeting, version) VALUES (?, ?, ?)", arguments: [terms, meeting, version])
            }
        }
    }

    /// The newest minutes of a meeting: version and JSON body.
    public func minutes(of meeting: String) throws -> (version: Int64, body: String)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT version, body FROM meeting_minutes WHERE meeting = ? ORDER BY version DESC LIMIT 1",
                             arguments: [meeting]).map { ($0["version"], $0["body"]) }
        }
    }

    /// Records that minutes `version` was posted into the meeting's group.
    public func markMinutesPosted(meeting: String, version: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE meetings SET posted_version = MAX(posted_version, ?) WHERE id = ?", arguments: [version, meeting])
        }
    }

    /// Minutes waiting for `user`'s acknowledgement: meeting ids and versions, oldest meeting first.
    public func pendingMinutes(for user: UserRef) throws -> [(meeting: String, version: Int64)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT meeting, version FROM minutes_inbox WHERE user = ? ORDER BY meeting", arguments: [user.description])
                .map { ($0["meeting"], $0["version"]) }
        }
    }

    /// The attendee has minutes `version` (or a newer one) of `meeting`: its inbox entry goes.
    /// Returns whether an entry was removed.
    @discardableResult
    public func acknowledgeMinutes(_ user: UserRef, meeting: String, version: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM minutes_inbox WHERE user = ? AND meeting = ? AND version <= ?",
                           arguments: [user.description, meeting, version])
            return db.changesCount > 0
        }
    }

    // MARK: Rows

    static func meeting(_ row: Row) -> Meeting {
        Meeting(id: row["id"], host: UserRef(parsing: row["host"], defaultTenant: "") ?? UserRef(id: "?", tenant: "?"),
                attendees: decodeUsers(row["attendees"]), title: row["title"], language: Language(row["lang"] as String),
                date: (row["date"] as String?).flatMap(ISODate.init), conversation: row["conversation"],
                state: Meeting.State(rawValue: row["state"]) ?? .ended, startedAt: row["started_at"], lastActivity: row["last_activity"],
                endedAt: row["ended_at"], utteranceCount: row["utterance_count"], minutesVersion: row["minutes_version"],
                postedVersion: row["posted_version"])
    }

    static func encodeUsers(_ users: [UserRef]) -> String { StoredForms.encodeUsers(users) }
    static func decodeUsers(_ text: String) -> [UserRef] { StoredForms.decodeUsers(text) }
}

extension SQLiteStore {
    /// Stores a whole meeting at once (an uploaded transcript): the meeting, already ended, and its
    /// utterances, in one transaction.
    public func storeEndedMeeting(_ m: Meeting, utterances: [UtteranceAppend]) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO meetings(id, host, attendees, title, lang, date, conversation, state, started_at, last_activity, ended_at, utterance_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'ended', ?, ?, ?, ?)
                """, arguments: [m.id, m.host.description, Self.encodeUsers(m.attendees), m.title, m.language.code, m.date?.description,
                                 m.conversation, m.startedAt, m.lastActivity, m.endedAt ?? m.lastActivity, utterances.count])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO meeting_utterances(meeting, n, speaker, text, start, "end", at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for (i, u) in utterances.enumerated() {
                try insert.execute(arguments: [m.id, i + 1, u.speaker, u.text, u.start, u.end, m.startedAt])
            }
        }
    }
}
