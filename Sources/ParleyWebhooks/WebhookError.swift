/// What the webhooks feature refuses, in words an admin can act on.
public enum WebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    case badSetting(String)
    case refusedAddress(String)
    case unresolvable(String)

    public var description: String {
        switch self {
        case .badSetting(let why), .refusedAddress(let why), .unresolvable(let why): why
        }
    }
}
