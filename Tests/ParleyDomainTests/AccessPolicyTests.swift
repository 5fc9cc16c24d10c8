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
        #expect(AccessPolicy.checkRead(UserRef(id: "bob", tenant: "acme"), joint) != nil)
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
        #expect(AccessPolicy.checkPost(alice, topics, topic: nil) != nil)
        #expect(AccessPolicy.checkPost(alice, topics, topic: "eu") == nil)
        #expect(AccessPolicy.checkPost(alice, joint, topic: "eu") != nil)
        #expect(AccessPolicy.checkPost(alice, topics, topic: String(repeating: "x", count: 65)) != nil)
    }

    @Test func adminsManageTheirTenantOnly() {
        let acmeAdmin = Identity(user: UserRef(id: "root", tenant: "acme"), name: "r", language: .english, isAdmin: true)
        let partnerAdmin = Identity(user: UserRef(id: "root", tenant: "partner"), name: "r", language: .english, isAdmin: true)
        let notAdmin = Identity(user: alice, name: "a", language: .english)
        #expect(AccessPolicy.checkManage(acmeAdmin, joint) == nil)
        #expect(AccessPolicy.checkManage(partnerAdmin, joint) != nil)
        #expect(AccessPolicy.checkManage(notAdmin, joint) != nil)
    }

    @Test func directStaysInsideATenant() {
        #expect(AccessPolicy.checkDirect(alice, UserRef(id: "bob", tenant: "acme")) == nil)
        #expect(AccessPolicy.checkDirect(alice, pat) != nil)
        #expect(AccessPolicy.checkDirect(alice, alice) != nil)
        #expect(Conversation.directID(alice, pat) == Conversation.directID(pat, alice))
    }

    @Test func userRefParsing() {
        #expect(UserRef(parsing: "bob", defaultTenant: "acme") == UserRef(id: "bob", tenant: "acme"))
        #expect(UserRef(parsing: "pat@partner", defaultTenant: "acme") == pat)
        #expect(UserRef(parsing: "@acme", defaultTenant: "acme") == nil)
        #expect(Language("zh-Hans-CN").code == "zh")
    }
}
