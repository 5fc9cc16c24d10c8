import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyStore
import Synchronization

/// The message-actions feature's own frame: `message.versions` gives an edited message's earlier
/// texts (who wrote them: the sender, the only one who edits; when each was replaced) to its sender
/// and to admins of the conversation's tenant. Edits, deletions and reactions themselves go through
/// the hub's commit path (they are events of the conversation; docs/protocol.md).
public final class MessageVersionDesk: Feature {
    public static let frameType = "message.versions"
    /// The store, once the daemon has opened it (features are made before it).
    private let attached = Mutex<(any MessageVersionStoring & Store)?>(nil)
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func attach(store: any MessageVersionStoring & Store) {
        attached.withLock { $0 = store }
    }

    public var frameTypes: Set<String> { [Self.frameType] }

    struct Fields: Decodable {
        var conversation: String?
        var seq: Double?
    }

    struct Reply: Encodable {
        var conversation: String
        var seq: Int64
        var sender: String
        var edited: Int64?
        var versions: [MessageVersion]
    }

    public func handle(_ frame: FeatureFrame, from identity: Identity, reply: ExtensionReplier) async {
        do throws(ProtocolError) {
            let fields = try frame.decode(Fields.self)
            guard let conversation = fields.conversation else { throw ProtocolError(.badFrame, "message.versions needs field 'conversation'") }
            _ = try FieldRules.id(conversation, "conversation", requestID: frame.requestID)
            guard let number = fields.seq else { throw ProtocolError(.badFrame, "message.versions needs field 'seq'") }
            let seq = try FieldRules.seq(number, "seq", requestID: frame.requestID)
            guard let store = attached.withLock({ $0 }) else { throw ProtocolError(.internalError, "message versions are not available yet") }
            let (c, found) = try await read {
                (try await store.conversation(conversation), try await store.messageVersions(conversation: conversation, seq: seq))
            }
            guard let c, AccessPolicy.checkRead(identity.user, c) == nil else {
                throw ProtocolError(.forbidden, "you are not a member of conversation \(conversation)")
            }
            guard let message = found.message, !message.kind.isAction else {
                throw ProtocolError(.notFound, "there is no message #\(seq) of conversation \(conversation)")
            }
            guard message.sender == identity.user || (identity.isAdmin && identity.user.tenant == c.tenant) else {
                throw ProtocolError(.forbidden, "only its sender (\(message.sender)) or an admin of tenant \(c.tenant) may read the versions of message #\(seq)")
            }
            reply(ServerFrames.reply(Self.frameType, requestID: frame.requestID,
                                     Reply(conversation: conversation, seq: seq, sender: message.sender.description, edited: message.editedAt,
                                           versions: found.versions)))
        } catch {
            var e = error
            e.requestID = frame.requestID
            reply(ServerFrames.error(e))
        }
    }

    private func read<T>(_ body: () async throws -> T) async throws(ProtocolError) -> T {
        do { return try await body() } catch {
            logger.warning("message versions could not be read", metadata: ["store.error": "\(error)"])
            throw ProtocolError(.internalError, "the message's versions could not be read: \(error)")
        }
    }
}
