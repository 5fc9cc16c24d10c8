/// Why sign-in, a session or the directory refused: one error type for the identity feature.
/// `reason` is the machine-readable code counted in /metrics; `message` names the problem for a person.
public struct IdentityError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, CaseIterable {
        case badConfiguration = "bad_configuration"
        case unknownProvider = "unknown_provider"
        case wrongState = "wrong_state"
        case providerError = "provider_error"
        case providerDown = "provider_down"
        case codeRejected = "code_rejected"
        case tokenRejected = "token_rejected"
        case wrongIssuer = "wrong_issuer"
        case wrongAudience = "wrong_audience"
        case expired = "expired"
        case notYetValid = "not_yet_valid"
        case wrongNonce = "wrong_nonce"
        case badClaim = "bad_claim"
        case unknownKey = "unknown_key"
        case sessionInvalid = "session_invalid"
        case sessionReused = "session_reused"
        case deactivated = "deactivated"
        case forbidden = "forbidden"
    }

    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
