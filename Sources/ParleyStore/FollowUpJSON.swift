import ParleyDomain

/// A follow-up as both drivers keep it (`StoredJSON`), its history included.
public enum FollowUpJSON {
    public static func encode(_ item: FollowUp) throws -> String { try StoredJSON.encode(item) }
    public static func decode(_ text: String) throws -> FollowUp { try StoredJSON.decode(text) }
}
