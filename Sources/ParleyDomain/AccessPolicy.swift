/// Who may see, post to and manage which conversation. Pure rules, no I/O.
///
/// The tenant boundary is the point: a user of another tenant (an external partner) sees a
/// conversation only when it is shared with their tenant and they are a member, and nothing else.
public enum AccessPolicy {
    /// Why an action was refused, in words a user can act on.
    public struct Refusal: Error, Sendable, Equatable {
        public let reason: String
    }

    /// Members read; nobody else learns anything (not even whether the conversation exists).
    public static func checkRead(_ user: UserRef, _ conversation: Conversation) -> Refusal? {
        conversation.members.contains(user) ? nil
            : Refusal(reason: "you are not a member of conversation \(conversation.id)")
    }

    /// Members post; topic groups need a topic, other conversations refuse one.
    public static func checkPost(_ user: UserRef, _ conversation: Conversation, topic: String?) -> Refusal? {
        if let refusal = checkRead(user, conversation) { return refusal }
        switch (conversation.kind, topic) {
        case (.topics, nil): return Refusal(reason: "conversation \(conversation.id) is a topic group: a message needs a topic")
        case (.topics, let t?) where !isValidTopic(t): return Refusal(reason: "topic names are 1-64 characters without control characters")
        case (.group, _?), (.direct, _?): return Refusal(reason: "conversation \(conversation.id) has no topics")
        default: return nil
        }
    }

    /// An admin manages the conversations of their own tenant only.
    public static func checkManage(_ admin: Identity, _ conversation: Conversation) -> Refusal? {
        guard admin.isAdmin else { return Refusal(reason: "this needs an admin token") }
        return admin.user.tenant == conversation.tenant ? nil
            : Refusal(reason: "conversation \(conversation.id) belongs to another tenant")
    }

    /// A user may join when they are of the owning tenant or of a tenant it is shared with.
    public static func checkMembership(_ user: UserRef, in conversation: Conversation) -> Refusal? {
        if conversation.kind == .direct { return Refusal(reason: "members of direct conversations cannot change") }
        if user.tenant == conversation.tenant || conversation.sharedWith.contains(user.tenant) { return nil }
        return Refusal(reason: "conversation \(conversation.id) is not shared with tenant \(user.tenant)")
    }

    /// Direct conversations stay inside one tenant; a bot may write to any user of its tenant.
    public static func checkDirect(_ a: UserRef, _ b: UserRef) -> Refusal? {
        if a == b { return Refusal(reason: "a direct conversation needs two different users") }
        return a.tenant == b.tenant ? nil
            : Refusal(reason: "direct conversations across tenants are not allowed; share a group instead")
    }

    /// Whose translation memory renders a conversation's messages: its owner's, when every reader it
    /// can have is of the owner. A group shared with another tenant gets engine renderings only, so
    /// one tenant's corrections never reach another tenant's readers.
    public static func memoryTenant(of conversation: Conversation) -> String? {
        conversation.sharedWith.isEmpty || conversation.sharedWith == [conversation.tenant] ? conversation.tenant : nil
    }

    /// Who may propose a correction of a message: a reader of the conversation who belongs to the
    /// tenant whose memory it would enter (a partner in a shared group reads, but does not teach
    /// another tenant's memory).
    public static func checkSuggest(_ user: UserRef, _ conversation: Conversation) -> Refusal? {
        if let refusal = checkRead(user, conversation) { return refusal }
        return user.tenant == conversation.tenant ? nil
            : Refusal(reason: "conversation \(conversation.id) belongs to tenant \(conversation.tenant): only its own users suggest translations there")
    }

    /// Who decides a suggestion: an admin of the tenant whose memory it would enter.
    public static func checkDecide(_ admin: Identity, tenant: String) -> Refusal? {
        guard admin.user.tenant == tenant else { return Refusal(reason: "this suggestion belongs to another tenant") }
        return admin.isAdmin ? nil : Refusal(reason: "accepting or rejecting suggestions needs an admin token of tenant \(tenant)")
    }

    public static func isValidTopic(_ topic: String) -> Bool {
        !topic.isEmpty && topic.count <= 64 && !topic.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}

extension AccessPolicy {
    /// Whether `action` (an event of kind edit, delete or reaction) may act on `target` (nil: no such
    /// message), judged inside the store's transaction so that an edit racing a delete finds the
    /// deletion. Only the sender edits; the sender or an admin of the conversation's tenant deletes;
    /// any member reacts (membership is checked before). Returns the error code and its message.
    public static func checkAction(_ action: OutgoingMessage, on target: ChatMessage?, conversationTenant: String) -> (ErrorCode, String)? {
        let seq = action.target ?? 0
        let name = "message #\(seq) of conversation \(action.conversation)"
        guard let target, !target.kind.isAction else { return (.notFound, "there is no \(name)") }
        if target.deletedAt != nil { return (.notFound, "\(name) was deleted") }
        switch action.kind {
        case .edit:
            guard target.sender == action.sender else { return (.forbidden, "only its sender (\(target.sender)) may edit \(name)") }
            if let since = action.editableSince, target.at < since {
                return (.forbidden, "\(name) is older than the edit window; it can no longer be edited")
            }
        case .delete:
            guard target.sender == action.sender || action.adminOf == conversationTenant else {
                return (.forbidden, "only its sender (\(target.sender)) or an admin of tenant \(conversationTenant) may delete \(name)")
            }
        default:
            break
        }
        return nil
    }
}
