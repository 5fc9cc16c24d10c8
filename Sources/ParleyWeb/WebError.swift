/// The client could not be loaded; the message names the folder or file and what to do.
public struct WebError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
