import ParleyDomain

/// A hint from another node, carried by the database's notifications (cluster mode). A hint only
/// says where to read; a lost hint costs latency, never a message (`Store.marks` finds what it missed).
public enum StoreEvent: Sendable, Equatable {
    /// Another node committed messages of `conversation` up to `seq`.
    case committed(conversation: String, seq: Int64)
    /// A conversation was created, or its members or shares changed.
    case directoryChanged(conversation: String)
    /// Minutes of `meeting` were stored: attendees connected here may have them waiting.
    case minutesStored(meeting: String)
    /// An admin deactivated `user` (the identity feature): their sockets on every node are closed.
    case userDeactivated(UserRef)
    /// The notification channel was (re)connected: hints sent meanwhile are lost, so compare
    /// `Store.marks()` with what was delivered.
    case resynchronize
}

/// Where a conversation stands in the store.
public struct ConversationMark: Sendable, Equatable {
    public var conversation: String
    public var lastSeq: Int64
    /// Grows with every change of members or shares.
    public var directoryVersion: Int64

    public init(conversation: String, lastSeq: Int64, directoryVersion: Int64) {
        self.conversation = conversation
        self.lastSeq = lastSeq
        self.directoryVersion = directoryVersion
    }
}

/// What `/healthz` says about the store.
public struct StoreHealth: Sendable, Equatable {
    public var reachable: Bool
    /// Why not, in words an operator can act on.
    public var problem: String?

    public init(reachable: Bool, problem: String? = nil) {
        self.reachable = reachable
        self.problem = problem
    }
}
