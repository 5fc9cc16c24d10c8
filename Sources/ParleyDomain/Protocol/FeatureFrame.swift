import Foundation

/// A client frame of a type that a feature module registered (`Feature.frameTypes`): the parser
/// checked `type` and `id` only, and hands the raw frame on; the feature decodes its own fields and
/// checks them with `FieldRules` (`FeatureFrame.decode`). A new frame type is then a change to one
/// feature module, not to this enum, the hub and the daemon.
public struct FeatureFrame: Sendable, Equatable {
    public let type: String
    public let requestID: String?
    public let body: Data

    public init(type: String, requestID: String?, body: Data) {
        self.type = type
        self.requestID = requestID
        self.body = body
    }

    /// The frame's fields as a feature's `Decodable` struct (every field optional: what is missing
    /// is named by the feature's own checks); a field of the wrong type is a `bad_frame` naming it.
    public func decode<Fields: Decodable>(_ fields: Fields.Type) throws(ProtocolError) -> Fields {
        switch ClientFrameParser.decode(fields, from: body) {
        case .success(let value): return value
        case .failure(var error):
            error.requestID = requestID
            throw error
        }
    }
}
