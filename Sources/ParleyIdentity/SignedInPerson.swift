import ParleyDomain

/// Who an ID token says signed in, in Parley's terms (the directory entry written at sign-in).
public struct SignedInPerson: Sendable, Equatable {
    public var user: UserRef
    public var displayName: String
    public var language: Language
    /// The `locale` claim as given ("de-CH"), nil when absent.
    public var locale: String?
    /// An IANA time zone ("Europe/Zurich"), nil when absent or unknown.
    public var timeZone: String?
    public var isAdmin: Bool
    /// The provider's configured name.
    public var provider: String

    public init(user: UserRef, displayName: String, language: Language, locale: String?, timeZone: String?, isAdmin: Bool, provider: String) {
        self.user = user
        self.displayName = displayName
        self.language = language
        self.locale = locale
        self.timeZone = timeZone
        self.isAdmin = isAdmin
        self.provider = provider
    }

    /// The identity a Parley access token carries.
    public var identity: Identity {
        Identity(user: user, name: displayName, language: language, isAdmin: isAdmin, isBot: false)
    }
}
