import ParleyDomain
import Testing

@Suite("welcome and subscribed frames")
struct SessionFramesTests {
    @Test("welcome is byte for byte what the generic reply encoder makes")
    func welcome() {
        let identity = Identity(user: UserRef(id: "zoë", tenant: "acme"), name: "Zoë \"Z\" O'Neil / ops", language: Language("zh"),
                                isAdmin: false, isBot: false)
        let conversations = [
            ConversationSummary(id: "d-a-b", kind: .direct, tenant: "acme", title: "a & b", lastSeq: 3, unread: 0, members: ["a@acme", "b@acme"]),
            ConversationSummary(id: "g-1", kind: .group, tenant: "acme", title: "起重机 \\ \"crane\"\n", lastSeq: 9_007_199_254_740_991, unread: 42),
            ConversationSummary(id: "g-2", kind: .topics, tenant: "partner", title: "", lastSeq: 0, unread: 0),
        ]
        for list in [conversations, []] {
            for translate in [true, false] {
                let body = Replies.Welcome(session: "s-17", identity: identity, translate: translate, conversations: list)
                #expect(ServerFrames.welcome(body) == ServerFrames.reply("welcome", requestID: nil, body))
            }
        }
    }

    @Test("subscribed is byte for byte what the generic reply encoder makes")
    func subscribed() {
        for requestID in [nil, "sub", "q\"1"] {
            for topics in [nil, [], ["eu", "ünïcode", "a\"b"]] as [[String]?] {
                let body = Replies.Subscribed(conversation: "g-1", lastSeq: 43, topics: topics)
                #expect(ServerFrames.subscribed(requestID: requestID, body) == ServerFrames.reply("subscribed", requestID: requestID, body))
            }
        }
    }
}
