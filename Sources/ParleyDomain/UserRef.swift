/// A user as Parley names it: an id unique within a tenant.
///
/// Written `id@tenant` wherever users of several tenants can meet (member lists, senders).
public struct UserRef: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let id: String
    public let tenant: String

    public init(id: String, tenant: String) {
        self.id = id
        self.tenant = tenant
    }

    /// Parses `id@tenant`, or a bare `id` in `defaultTenant`. Returns nil for empty parts.
    public init?(parsing text: String, defaultTenant: String) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let id = String(parts[0])
        let tenant = parts.count == 2 ? String(parts[1]) : defaultTenant
        guard !id.isEmpty, !tenant.isEmpty else { return nil }
        self.init(id: id, tenant: tenant)
    }

    public var description: String { "\(id)@\(tenant)" }

    public static func < (lhs: UserRef, rhs: UserRef) -> Bool { lhs.description < rhs.description }
}

/// Who is on the other end of a session or an HTTP call, as their token says.
public struct Identity: Sendable, Hashable {
    public var user: UserRef
    public var name: String
    public var language: Language
    public var isAdmin: Bool
    public var isBot: Bool

    public init(user: UserRef, name: String, language: Language, isAdmin: Bool = false, isBot: Bool = false) {
        self.user = user
        self.name = name
        self.language = language
        self.isAdmin = isAdmin
        self.isBot = isBot
    }
}

extension UserRef {
    /// The longest user id or tenant name, in UTF-8 bytes.
    public static let maximumPartBytes = 128

    /// Why `part` cannot be a user id or tenant name, or nil when it can: it must be non-empty, at most
    /// 128 bytes, and free of `@` (the protocol writes users `id@tenant`) and control characters.
    /// `field` names the part in the message ("sub", "tenant").
    public static func problem(with part: String, field: String) -> String? {
        if part.isEmpty { return "'\(field)' is empty" }
        if part.utf8.count > maximumPartBytes { return "'\(field)' is longer than \(maximumPartBytes) bytes" }
        if part.contains("@") { return "'\(field)' contains '@' (users are written id@tenant)" }
        if part.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "'\(field)' contains a control character"
        }
        return nil
    }
}
