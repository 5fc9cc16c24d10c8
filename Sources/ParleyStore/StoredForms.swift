import Foundation
import ParleyDomain

/// How both stores write values that are not columns of their own: the same forms on SQLite and
/// PostgreSQL, so a database moved between them reads the same.
public enum StoredForms {
    /// A conversation as one search index term: "cv" and the id's letters and digits, lowercased.
    public static func scopeTerm(_ conversation: String) -> String {
        "cv" + String(conversation.lowercased().unicodeScalars.filter { ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x61 && $0.value <= 0x7A) }.map(Character.init))
    }

    /// A meeting's attendees as a JSON array of `id@tenant` strings.
    public static func encodeUsers(_ users: [UserRef]) -> String {
        (try? JSONEncoder().encode(users.map(\.description))).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    public static func decodeUsers(_ text: String) -> [UserRef] {
        let names = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
        return names.compactMap { UserRef(parsing: $0, defaultTenant: "") }
    }
}
