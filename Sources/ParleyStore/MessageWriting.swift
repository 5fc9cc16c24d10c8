import ParleyDomain

/// A store's group-commit writer: one transaction for whatever is queued, sequence numbers assigned
/// inside it, outcomes reported after the commit. Thread-safe; appends return at once.
public protocol MessageWriting: Sendable {
    /// Outcomes of one committed batch, in commit order, and the messages refused.
    typealias Completion = @Sendable ([CommittedMessage], [RejectedMessage]) -> Void
    /// What a meeting write gets back: the utterance's number in the meeting (for `end`: how many
    /// the meeting has), or why it was refused.
    typealias UtteranceCompletion = @Sendable (Result<Int64, StoreError>) -> Void

    /// Queues messages that arrived together; they are committed in one transaction unless the
    /// batch limit splits them.
    func append(contentsOf batch: [(OutgoingMessage, token: UInt64)])
    /// Queues a meeting write; committed with the next batch, in the order queued, so an `end`
    /// queued after a host's utterances is committed after them.
    func append(_ write: MeetingWrite, completion: @escaping UtteranceCompletion)
    /// Writes what is queued, then stops. Returns when done.
    func stop() async
}

extension MessageWriting {
    public func append(_ request: OutgoingMessage, token: UInt64) { append(contentsOf: [(request, token)]) }
}

/// A write of a live meeting, committed through the message writer's transactions.
public enum MeetingWrite: Sendable {
    case utterance(UtteranceAppend)
    case end(meeting: String)
}
