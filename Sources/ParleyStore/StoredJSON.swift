import Foundation

/// How both drivers keep a feature's record whole (a follow-up with its history, a webhook endpoint,
/// an API key): one JSON document beside the columns it is found by.
public enum StoredJSON {
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// - Throws: `StoreError` naming the type when the stored text is not one.
    public static func decode<T: Decodable>(_ text: String, as type: T.Type = T.self) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
            throw StoreError(.database, "a stored \(T.self) cannot be read: \(error)")
        }
    }
}
