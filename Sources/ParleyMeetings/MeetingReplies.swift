/// Bodies of the replies to `meeting.*` frames (docs/protocol.md, "Meetings").
enum MeetingReplies {
    struct Started: Encodable { var meeting: String }
    /// An utterance is stored: its number in the meeting (a retry gets the same number).
    struct Noted: Encodable { var meeting: String; var n: Int64 }
    struct Ended: Encodable {
        var meeting: String
        var version: Int64?
        var decisions: Int?
        var actionItems: Int?
    }
    struct Versioned: Encodable { var meeting: String; var version: Int64 }
}
