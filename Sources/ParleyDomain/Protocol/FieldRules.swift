/// The allowed range of every value a client can send (frames, HTTP bodies, uploaded transcripts).
///
/// Values are checked once, where they are parsed, and turned into `ProtocolError(.badFrame)`
/// naming the field and its range; past the parser no code has to re-check them, and no arithmetic
/// on them can overflow. docs/protocol.md, "Field ranges", lists the same numbers.
public enum FieldRules {
    /// Sequence numbers and cursors: `0...maxSeq`. 2^53 - 1 is the largest integer a JavaScript
    /// client holds exactly; `maxSeq + 1` cannot overflow.
    public static let maxSeq: Int64 = 9_007_199_254_740_991
    /// People one `send` may mention (`mentions`).
    public static let maxMentions = 50
    /// Ids (request ids, client ids, conversation ids, meeting ids, user ids), in UTF-8 bytes.
    public static let maxIDBytes = 128
    /// Topic names and titles, in characters.
    public static let maxTopicCharacters = 100
    public static let maxTitleCharacters = 200
    /// A speaker's name in a transcript.
    public static let maxSpeakerCharacters = 200
    /// Entries in `topics` (subscribe) and `attendees` (meetings).
    public static let maxTopics = 100
    /// Files one message may carry.
    public static let maxAttachments = 10
    public static let maxAttendees = 5_000
    /// Members named when a group is created: an all-hands group of the whole company (17,000 people in
    /// the customer story) must fit.
    public static let maxGroupMembers = 100_000
    /// A BCP 47 tag's length (RFC 5646 recommends supporting at least 35 characters).
    public static let maxLanguageTagLength = 35
    /// Seconds from a meeting's start: a meeting is shorter than a week.
    public static let maxMeetingSeconds: Double = 7 * 24 * 3600
    /// Years a meeting date may have.
    public static let dateYears: ClosedRange<Int> = 1900...2999

    // MARK: Checks (each throws a `bad_frame` naming the field and the range)

    public static func seq(_ value: Double, _ field: String, requestID: String?) throws(ProtocolError) -> Int64 {
        guard let n = exactInteger(value), (0...maxSeq).contains(n) else {
            throw ProtocolError(.badFrame, "'\(field)' must be a sequence number in 0...\(maxSeq), not \(value)", requestID: requestID)
        }
        return n
    }

    public static func integer(_ value: Double, _ field: String, in range: ClosedRange<Int64>, requestID: String?) throws(ProtocolError) -> Int64 {
        guard let n = exactInteger(value), range.contains(n) else {
            throw ProtocolError(.badFrame, "'\(field)' must be a whole number in \(range.lowerBound)...\(range.upperBound)", requestID: requestID)
        }
        return n
    }

    /// The integer a JSON number stands for, if it is whole and within ±2^53 (where a Double is exact).
    static func exactInteger(_ value: Double) -> Int64? {
        guard value.isFinite, value.rounded(.towardZero) == value, abs(value) <= Double(maxSeq) else { return nil }
        return Int64(value)
    }

    public static func id(_ value: String, _ field: String, requestID: String?) throws(ProtocolError) -> String {
        guard !value.isEmpty, value.utf8.count <= maxIDBytes else {
            throw ProtocolError(.badFrame, "'\(field)' must be 1...\(maxIDBytes) bytes long", requestID: requestID)
        }
        return value
    }

    public static func text(_ value: String, _ field: String, maxCharacters: Int, requestID: String?) throws(ProtocolError) -> String {
        // Counting UTF-8 bytes first bounds the work a huge string can cause.
        guard value.utf8.count <= maxCharacters * 4, value.count <= maxCharacters else {
            throw ProtocolError(.badFrame, "'\(field)' must be at most \(maxCharacters) characters", requestID: requestID)
        }
        return value
    }

    public static func language(_ value: String, _ field: String, requestID: String?) throws(ProtocolError) -> Language {
        guard let tag = LanguageTag(value) else {
            throw ProtocolError(.badFrame, "'\(field)' must be a BCP 47 language tag (such as \"en\", \"zh-Hans\", \"pt-BR\") of at most \(maxLanguageTagLength) characters",
                                requestID: requestID)
        }
        return tag.language
    }

    public static func seconds(_ value: Double, _ field: String, requestID: String?) throws(ProtocolError) -> Double {
        guard value.isFinite, value >= 0, value <= maxMeetingSeconds else {
            throw ProtocolError(.badFrame, "'\(field)' must be seconds from the meeting's start in 0...\(Int(maxMeetingSeconds)) (a week)", requestID: requestID)
        }
        return value
    }

    public static func date(_ value: String, _ field: String, requestID: String?) throws(ProtocolError) -> ISODate {
        guard let date = ISODate(value) else {
            throw ProtocolError(.badFrame, "'\(field)' must be a real calendar date YYYY-MM-DD with a year in \(dateYears.lowerBound)...\(dateYears.upperBound)",
                                requestID: requestID)
        }
        return date
    }

    public static func count<T>(_ list: [T], _ field: String, max: Int, requestID: String?) throws(ProtocolError) -> [T] {
        guard list.count <= max else {
            throw ProtocolError(.badFrame, "'\(field)' may hold at most \(max) entries", requestID: requestID)
        }
        return list
    }
}
