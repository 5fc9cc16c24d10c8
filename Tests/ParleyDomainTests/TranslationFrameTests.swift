import Foundation
import ParleyDomain
import Testing

@Suite("translation.* frames and who may correct whose memory")
struct TranslationFrameTests {
    let parser = ClientFrameParser(maxTextBytes: 64)

    func parse(_ json: String) -> Result<ClientFrame, ProtocolError> { parser.parse(Data(json.utf8)) }

    @Test func validFramesParse() throws {
        #expect(try parse(#"{"type":"translation.suggest","id":"r","conversation":"g","seq":3,"lang":"en-GB","text":"Send it."}"#).get()
                == .translation(.suggest(conversation: "g", seq: 3, language: .english, text: "Send it."), requestID: "r"))
        #expect(try parse(#"{"type":"translation.suggestions"}"#).get() == .translation(.list(state: .pending), requestID: nil))
        #expect(try parse(#"{"type":"translation.suggestions","state":"accepted"}"#).get() == .translation(.list(state: .accepted), requestID: nil))
        #expect(try parse(#"{"type":"translation.accept","suggestion":"ts-1"}"#).get() == .translation(.accept(suggestion: "ts-1"), requestID: nil))
        #expect(try parse(#"{"type":"translation.reject","id":"x","suggestion":"ts-1"}"#).get() == .translation(.reject(suggestion: "ts-1"), requestID: "x"))
    }

    @Test("bad input is refused with the field named", arguments: [
        (#"{"type":"translation.suggest","conversation":"g","lang":"en","text":"x"}"#, ErrorCode.badFrame, "'seq'"),
        (#"{"type":"translation.suggest","conversation":"g","seq":1.5,"lang":"en","text":"x"}"#, .badFrame, "'seq'"),
        (#"{"type":"translation.suggest","conversation":"g","seq":1,"text":"x"}"#, .badFrame, "'lang'"),
        (#"{"type":"translation.suggest","conversation":"g","seq":1,"lang":"!!","text":"x"}"#, .badFrame, "'lang'"),
        (#"{"type":"translation.suggest","conversation":"g","seq":1,"lang":"en","text":""}"#, .badFrame, "'text'"),
        (#"{"type":"translation.suggest","conversation":"g","seq":1,"lang":"en","text":"   "}"#, .badFrame, "'text'"),
        (#"{"type":"translation.suggest","seq":1,"lang":"en","text":"x"}"#, .badFrame, "'conversation'"),
        (#"{"type":"translation.suggest","conversation":"g","seq":1,"lang":"en","text":"0123456789012345678901234567890123456789012345678901234567890123456789"}"#, .tooLarge, "limit is 64"),
        (#"{"type":"translation.suggestions","state":"maybe"}"#, .badFrame, "'state'"),
        (#"{"type":"translation.accept"}"#, .badFrame, "'suggestion'"),
        (#"{"type":"translation.reject","suggestion":""}"#, .badFrame, "'suggestion'"),
    ])
    func refusals(json: String, code: ErrorCode, mention: String) {
        guard case .failure(let error) = parse(json) else { Issue.record("accepted \(json)"); return }
        #expect(error.code == code)
        #expect(error.message.contains(mention), "\(error.message)")
    }

    @Test func memoryTenantOnlyWhereEveryReaderIsOfTheOwner() {
        let li = UserRef(id: "li", tenant: "acme"), eve = UserRef(id: "eve", tenant: "partner")
        var group = Conversation(id: "g", kind: .group, tenant: "acme", title: "G", members: [li])
        #expect(AccessPolicy.memoryTenant(of: group) == "acme")
        #expect(AccessPolicy.checkSuggest(li, group) == nil)
        #expect(AccessPolicy.checkSuggest(eve, group)?.reason == "you are not a member of conversation g")
        group.sharedWith = ["partner"]
        group.members.insert(eve)
        #expect(AccessPolicy.memoryTenant(of: group) == nil)
        #expect(AccessPolicy.checkSuggest(eve, group)?.reason.contains("only its own users") == true)
        let admin = Identity(user: UserRef(id: "boss", tenant: "acme"), name: "Boss", language: .english, isAdmin: true)
        let partnerAdmin = Identity(user: UserRef(id: "boss", tenant: "partner"), name: "Boss", language: .english, isAdmin: true)
        let member = Identity(user: li, name: "Li", language: .chinese)
        #expect(AccessPolicy.checkDecide(admin, tenant: "acme") == nil)
        #expect(AccessPolicy.checkDecide(partnerAdmin, tenant: "acme")?.reason == "this suggestion belongs to another tenant")
        #expect(AccessPolicy.checkDecide(member, tenant: "acme")?.reason == "accepting or rejecting suggestions needs an admin token of tenant acme")
    }
}
