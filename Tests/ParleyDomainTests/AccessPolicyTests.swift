import ParleyDomain
import Testing

@Suite("Access rules")
struct AccessPolicyTests {
    let alice = UserRef(id: "alice", tenant: "acme")
    let pat = UserRef(id: "pat", tenant: "partner")
    var joint: Conversation {
        Conversation(id: "g1", kind: .group, tenant: "acme", title: "Joint", members: [alice, pat], sharedWith: ["partner"])
    }

    @Test func membersReadOthersDoNot() {
        #expect(AccessPolicy.checkRead(alice, joint) == nil)
        #expect(AccessPolicy.checkRead(UserRef(id: "bob", tenant: "acme"), joint)?.reason == "you are not a member of conversation g1")
    }

    @Test func partnersJoinOnlySharedGroups() {
        var internalOnly = joint
        internalOnly.sharedWith = []
        #expect(AccessPolicy.checkMembership(pat, in: joint) == nil)
        #expect(AccessPolicy.checkMembership(pat, in: internalOnly)?.reason.contains("not shared with tenant partner") == true)
    }

    @Test func topicsRequiredExactlyInTopicGroups() {
        var topics = joint
        topics.kind = .topics
        #expect(AccessPolicy.checkPost(alice, topics, topic: nil)?.reason == "conversation g1 is a topic group: a message needs a topic")
        #expect(AccessPolicy.checkPost(alice, topics, topic: "eu") == nil)
        #expect(AccessPolicy.checkPost(alice, joint, topic: "eu")?.reason == "conversation g1 has no topics")
        #expect(AccessPolicy.checkPost(alice, topics, topic: String(repeating: "x", count: 65))?.reason
            == "topic names are 1-64 characters without control characters")
    }

    @Test func adminsManageTheirTenantOnly() {
        let acmeAdmin = Identity(user: UserRef(id: "root", tenant: "acme"), name: "r", language: .english, isAdmin: true)
        let partnerAdmin = Identity(user: UserRef(id: "root", tenant: "partner"), name: "r", language: .english, isAdmin: true)
        let notAdmin = Identity(user: alice, name: "a", language: .english)
        #expect(AccessPolicy.checkManage(acmeAdmin, joint) == nil)
        #expect(AccessPolicy.checkManage(partnerAdmin, joint)?.reason == "conversation g1 belongs to another tenant")
        #expect(AccessPolicy.checkManage(notAdmin, joint)?.reason == "this needs an admin token")
    }

    @Test func directStaysInsideATenant() {
        #expect(AccessPolicy.checkDirect(alice, UserRef(id: "bob", tenant: "acme")) == nil)
        #expect(AccessPolicy.checkDirect(alice, pat)?.reason.hasPrefix("direct conversations across tenants are not allowed") == true)
        #expect(AccessPolicy.checkDirect(alice, alice)?.reason == "a direct conversation needs two different users")
        #expect(Conversation.directID(alice, pat) == Conversation.directID(pat, alice))
    }

    @Test func userRefParsing() {
        #expect(UserRef(parsing: "bob", defaultTenant: "acme") == UserRef(id: "bob", tenant: "acme"))
        #expect(UserRef(parsing: "pat@partner", defaultTenant: "acme") == pat)
        #expect(UserRef(parsing: "@acme", defaultTenant: "acme") == nil)
    }

    @Test func userIdsAndTenantsAreBounded() {
        #expect(UserRef.problem(with: "li.na_01", field: "sub") == nil)
        #expect(UserRef.problem(with: "李娜", field: "sub") == nil)
        #expect(UserRef.problem(with: "", field: "sub") == "'sub' is empty")
        #expect(UserRef.problem(with: "pat@partner", field: "sub") == "'sub' contains '@' (users are written id@tenant)")
        #expect(UserRef.problem(with: "acme\n", field: "tenant") == "'tenant' contains a control character")
        #expect(UserRef.problem(with: String(repeating: "a", count: 128), field: "sub") == nil)
        // 43 three-byte characters: 129 bytes.
        #expect(UserRef.problem(with: String(repeating: "李", count: 43), field: "sub") == "'sub' is longer than 128 bytes")
        #expect(Language("zh-Hans-CN").code == "zh")
    }
}
