import Foundation

/// Everything that can go wrong in the translation layer, each case naming the file, line,
/// engine or field at fault and what to do about it.
public enum TranslationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A dictionary, glossary or import file could not be read at all.
    case unreadableFile(path: String, reason: String)
    /// One line of a dictionary or import file is malformed; the rest of the file is still used.
    case malformedLine(file: String, line: Int, reason: String)
    /// The configuration names an engine that is not defined.
    case unknownEngine(name: String, pair: String)
    /// A hook engine did not answer within its timeout.
    case hookTimedOut(engine: String, seconds: Double)
    /// A hook engine failed: its process died, or its HTTP answer was not usable.
    case hookFailed(engine: String, reason: String)
    /// The configuration file is not valid.
    case invalidConfiguration(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .malformedLine(file, line, reason):
            return "\(file):\(line): \(reason); the line was skipped, fix it and reload"
        case let .unknownEngine(name, pair):
            return "route \(pair) names engine '\(name)', which is neither 'dictionary' nor a configured hook"
        case let .hookTimedOut(engine, seconds):
            return "engine '\(engine)' did not answer within \(seconds) s; the dictionary engine answered instead"
        case let .hookFailed(engine, reason):
            return "engine '\(engine)' failed: \(reason)"
        case let .invalidConfiguration(path, reason):
            return "translation configuration \(path) is invalid: \(reason)"
        }
    }
}
