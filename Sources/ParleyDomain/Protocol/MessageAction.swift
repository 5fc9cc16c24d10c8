/// `edit`, `delete` and `react`: what a user does to a message already in a conversation.
///
/// Each is committed as an event of its own in the conversation's sequence (a message of kind
/// `edit`, `delete` or `reaction` naming its `target`), so live delivery, catch-up and cluster
/// hints carry it as they carry messages; the store changes the target in the same transaction.
public enum MessageAction: Sendable, Equatable {
    case edit(conversation: String, seq: Int64, text: String)
    case delete(conversation: String, seq: Int64)
    /// Toggles `emoji` (one emoji, `MessageAction.isSingleEmoji`) on the message.
    case react(conversation: String, seq: Int64, emoji: String)

    public var conversation: String {
        switch self {
        case .edit(let c, _, _), .delete(let c, _), .react(let c, _, _): c
        }
    }

    public var target: Int64 {
        switch self {
        case .edit(_, let s, _), .delete(_, let s), .react(_, let s, _): s
        }
    }

    /// The kind of the event the action is committed as.
    public var kind: MessageKind {
        switch self {
        case .edit: .edit
        case .delete: .delete
        case .react: .reaction
        }
    }

    /// The event's text: the new text, nothing, or the emoji.
    public var text: String {
        switch self {
        case .edit(_, _, let text): text
        case .delete: ""
        case .react(_, _, let emoji): emoji
        }
    }

    /// Whether `value` is exactly one emoji: one grapheme cluster (a flag, a keycap, a family joined
    /// with ZWJ, a skin tone all count as one) drawn as an emoji. Digits and letters, which Unicode
    /// also marks `Emoji` (for keycaps), count only with the emoji variation selector U+FE0F.
    public static func isSingleEmoji(_ value: String) -> Bool {
        guard value.utf8.count <= 64, value.count == 1, let first = value.unicodeScalars.first else { return false }
        let scalars = value.unicodeScalars
        if scalars.contains(where: { $0.properties.isEmojiPresentation }) { return true }
        guard first.properties.isEmoji else { return false }
        if scalars.contains("\u{FE0F}") { return true }
        // Text-default emoji (☺, ✈, ❤) without a selector: accepted outside ASCII, as keyboards send them.
        return first.value > 0x7F
    }
}
