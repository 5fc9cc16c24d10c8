import Foundation

/// A frame from a client, validated: every case carries exactly what its handler needs.
public enum ClientFrame: Sendable, Equatable {
    case hello(version: Int, token: String?)
    case subscribe(requestID: String?, conversation: String, topics: Set<String>?, since: Int64?)
    case unsubscribe(requestID: String?, conversation: String)
    case send(clientID: String, conversation: String, topic: String?, text: String, language: Language?)
    case history(requestID: String?, conversation: String, before: Int64?, limit: Int, topic: String?)
    case topics(requestID: String?, conversation: String)
    case read(requestID: String?, conversation: String, seq: Int64)
    case direct(requestID: String?, user: String)
    case conversations(requestID: String?)
    case settings(requestID: String?, language: Language?, translate: Bool?)
    case ping(requestID: String?)
    /// A frame of a feature that lives outside the hub (meetings); handed on as raw JSON.
    case extensionFrame(type: String, requestID: String?, json: Data)

    /// The protocol version this server speaks.
    public static let protocolVersion = 1
    /// The largest page `history` returns.
    public static let historyLimitMax = 500
}

/// Turns the bytes of one text frame into a `ClientFrame`, or a `ProtocolError` naming what is wrong.
public struct ClientFrameParser: Sendable {
    /// Frame types starting with one of these prefixes are passed on as `.extensionFrame`.
    public var extensionPrefixes: [String]
    /// The longest `text` accepted in a `send`, in UTF-8 bytes.
    public var maxTextBytes: Int

    public init(extensionPrefixes: [String] = ["meeting."], maxTextBytes: Int = 16_384) {
        self.extensionPrefixes = extensionPrefixes
        self.maxTextBytes = maxTextBytes
    }

    /// Every field any frame may carry; decoding into this never fails on a missing field.
    private struct Fields: Decodable {
        var type: String?
        var id: String?
        var version: Int?
        var token: String?
        var conversation: String?
        var topics: [String]?
        var topic: String?
        var since: Int64?
        var text: String?
        var lang: String?
        var before: Int64?
        var limit: Int?
        var seq: Int64?
        var user: String?
        var translate: Bool?
    }

    public func parse(_ bytes: Data) -> Result<ClientFrame, ProtocolError> {
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: bytes)
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            let name = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .failure(ProtocolError(.badFrame, "field '\(name)' has the wrong type"))
        } catch {
            return .failure(ProtocolError(.badJSON, "the frame is not a JSON object"))
        }
        let id = fields.id
        guard let type = fields.type else {
            return .failure(ProtocolError(.badFrame, "missing field 'type'", requestID: id))
        }
        func need<T>(_ value: T?, _ name: String) throws(ProtocolError) -> T {
            guard let value else { throw ProtocolError(.badFrame, "\(type) needs field '\(name)'", requestID: id) }
            return value
        }
        do throws(ProtocolError) {
            switch type {
            case "hello":
                return .success(.hello(version: try need(fields.version, "version"), token: fields.token))
            case "subscribe":
                return .success(.subscribe(requestID: id, conversation: try need(fields.conversation, "conversation"),
                                           topics: fields.topics.map(Set.init), since: fields.since))
            case "unsubscribe":
                return .success(.unsubscribe(requestID: id, conversation: try need(fields.conversation, "conversation")))
            case "send":
                let clientID = try need(id, "id")
                let text = try need(fields.text, "text")
                if text.utf8.count > maxTextBytes {
                    throw ProtocolError(.tooLarge, "text is \(text.utf8.count) bytes; the limit is \(maxTextBytes)", requestID: id)
                }
                if text.isEmpty { throw ProtocolError(.badFrame, "send needs a non-empty 'text'", requestID: id) }
                return .success(.send(clientID: clientID, conversation: try need(fields.conversation, "conversation"),
                                      topic: fields.topic, text: text, language: fields.lang.map(Language.init)))
            case "history":
                let limit = fields.limit ?? 50
                guard (1...ClientFrame.historyLimitMax).contains(limit) else {
                    throw ProtocolError(.badFrame, "limit must be 1...\(ClientFrame.historyLimitMax)", requestID: id)
                }
                return .success(.history(requestID: id, conversation: try need(fields.conversation, "conversation"),
                                         before: fields.before, limit: limit, topic: fields.topic))
            case "topics":
                return .success(.topics(requestID: id, conversation: try need(fields.conversation, "conversation")))
            case "read":
                return .success(.read(requestID: id, conversation: try need(fields.conversation, "conversation"),
                                      seq: try need(fields.seq, "seq")))
            case "direct":
                return .success(.direct(requestID: id, user: try need(fields.user, "user")))
            case "conversations":
                return .success(.conversations(requestID: id))
            case "settings":
                return .success(.settings(requestID: id, language: fields.lang.map(Language.init), translate: fields.translate))
            case "ping":
                return .success(.ping(requestID: id))
            default:
                if extensionPrefixes.contains(where: { type.hasPrefix($0) }) {
                    return .success(.extensionFrame(type: type, requestID: id, json: bytes))
                }
                throw ProtocolError(.unknownType, "unknown frame type '\(type)'", requestID: id)
            }
        } catch {
            return .failure(error)
        }
    }
}
