/// What went wrong in ParleyMinutes, with where and what to do.
public struct MinutesError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The transcript bytes are not UTF-8.
        case notUTF8
        /// The transcript is empty or has no utterances.
        case empty
        /// A line of the transcript does not fit its format.
        case malformed
    }

    public let kind: Kind
    /// 1-based line of the transcript where the problem is, when there is one.
    public let line: Int?
    public let message: String

    public init(_ kind: Kind, line: Int? = nil, _ message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
