/// What a user id or tenant taken from a provider's claims may be. `@` joins them as `id@tenant` in
/// the protocol, so neither may contain one; control characters would forge log lines and names.
public enum IdentifierRules {
    public static let maxBytes = 128

    public static func isAcceptable(_ value: String) -> Bool {
        problem(value) == nil
    }

    /// Why `value` cannot be an id, or nil when it can.
    public static func problem(_ value: String) -> String? {
        if value.isEmpty { return "is empty" }
        if value.utf8.count > maxBytes { return "is \(value.utf8.count) bytes; the limit is \(maxBytes)" }
        if value.contains("@") { return "contains '@' (ids are written id@tenant)" }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            return "contains a control character"
        }
        if value.unicodeScalars.contains(where: { $0 == " " }) { return "contains a space" }
        return nil
    }
}
