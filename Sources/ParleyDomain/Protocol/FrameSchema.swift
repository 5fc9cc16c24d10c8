/// Every client frame type and its fields, as data: docs/protocol.md in a form a program can read.
///
/// The fuzzer generates frames from this list (and mutates them), and a test checks that the parser
/// accepts every frame built from it with valid values, so the list cannot drift from the parser.
public struct FrameSchema: Sendable {
    public enum Kind: Sendable, CaseIterable {
        case text, id, conversation, meeting, user, topic, seq, version, limit, seconds, bool, language, date, names, object
    }

    public var type: String
    public var required: [(name: String, kind: Kind)]
    public var optional: [(name: String, kind: Kind)]

    public static let clientFrames: [FrameSchema] = [
        FrameSchema(type: "hello", required: [("version", .version)], optional: [("token", .text)]),
        FrameSchema(type: "subscribe", required: [("conversation", .conversation)], optional: [("topics", .names), ("since", .seq), ("id", .id)]),
        FrameSchema(type: "unsubscribe", required: [("conversation", .conversation)], optional: [("id", .id)]),
        FrameSchema(type: "send", required: [("id", .id), ("conversation", .conversation), ("text", .text)],
                    optional: [("topic", .topic), ("lang", .language)]),
        FrameSchema(type: "history", required: [("conversation", .conversation)],
                    optional: [("before", .seq), ("limit", .limit), ("topic", .topic), ("id", .id)]),
        FrameSchema(type: "topics", required: [("conversation", .conversation)], optional: [("id", .id)]),
        FrameSchema(type: "read", required: [("conversation", .conversation), ("seq", .seq)], optional: [("id", .id)]),
        FrameSchema(type: "direct", required: [("user", .user)], optional: [("id", .id)]),
        FrameSchema(type: "conversations", required: [], optional: [("id", .id)]),
        FrameSchema(type: "settings", required: [], optional: [("lang", .language), ("translate", .bool), ("id", .id)]),
        FrameSchema(type: "ping", required: [], optional: [("id", .id)]),
        FrameSchema(type: "search", required: [("query", .text)],
                    optional: [("conversation", .conversation), ("topic", .topic), ("from", .user), ("since", .date), ("until", .date),
                               ("limit", .limit), ("id", .id)]),
        FrameSchema(type: "meeting.start", required: [("attendees", .names)],
                    optional: [("title", .text), ("lang", .language), ("date", .date), ("conversation", .conversation), ("id", .id)]),
        FrameSchema(type: "meeting.utterance", required: [("meeting", .meeting), ("speaker", .text), ("text", .text)],
                    optional: [("start", .seconds), ("end", .seconds), ("id", .id)]),
        FrameSchema(type: "meeting.end", required: [("meeting", .meeting)], optional: [("id", .id)]),
        FrameSchema(type: "meeting.minutes", required: [("meeting", .meeting)], optional: [("lang", .language), ("id", .id)]),
        FrameSchema(type: "meeting.correct", required: [("meeting", .meeting), ("minutes", .object)], optional: [("id", .id)]),
        FrameSchema(type: "meeting.ack", required: [("meeting", .meeting), ("version", .version)], optional: [("id", .id)]),
        FrameSchema(type: "translation.suggest", required: [("conversation", .conversation), ("seq", .seq), ("lang", .language), ("text", .text)],
                    optional: [("id", .id)]),
        FrameSchema(type: "translation.suggestions", required: [], optional: [("id", .id)]),
        FrameSchema(type: "translation.accept", required: [("suggestion", .id)], optional: [("id", .id)]),
        FrameSchema(type: "translation.reject", required: [("suggestion", .id)], optional: [("id", .id)]),
    ]
}
