import Foundation
import ParleyDomain

/// How both drivers keep a follow-up: one JSON document (its history included), so that the
/// columns beside it are only for finding it.
public enum FollowUpJSON {
    public static func encode(_ item: FollowUp) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(item), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> FollowUp {
        do { return try JSONDecoder().decode(FollowUp.self, from: Data(text.utf8)) } catch {
            throw StoreError(.database, "a stored follow-up cannot be read: \(error)")
        }
    }
}
