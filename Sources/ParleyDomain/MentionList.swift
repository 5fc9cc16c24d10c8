/// The people a message mentions, as structured references (`send`'s `mentions`): user ids, or
/// `all` for every member. Stored in the message's payload (`{"mentions": ["bob@acme", "all"]}`),
/// so translating the text cannot lose or mangle them.
public struct MentionList: Sendable, Equatable {
    /// `id@tenant` of each member mentioned, and `all`, without repeats, in the order given.
    public var users: [String]

    /// Checks that each mentioned user is a member of `conversation` (`id` means `id@defaultTenant`).
    public static func resolve(_ given: [String], in conversation: Conversation, defaultTenant: String)
        -> Result<MentionList, AccessPolicy.Refusal> {
        var users: [String] = []
        for name in given {
            let key: String
            if name == "all" {
                key = "all"
            } else {
                guard let user = UserRef(parsing: name, defaultTenant: defaultTenant), conversation.members.contains(user) else {
                    return .failure(AccessPolicy.Refusal(reason: "'mentions': \(name) is not a member of conversation \(conversation.id)"))
                }
                key = user.description
            }
            if !users.contains(key) { users.append(key) }
        }
        return .success(MentionList(users: users))
    }

    /// The message payload that carries the list.
    public var payload: String {
        var w = JSONWriter()
        w.field("mentions", raw: ServerFrames.jsonStrings(users))
        return String(decoding: w.finish(), as: UTF8.self)
    }
}
