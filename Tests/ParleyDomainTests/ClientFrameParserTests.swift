import Foundation
import ParleyDomain
import Testing

@Suite("Client frame parsing")
struct ClientFrameParserTests {
    let parser = ClientFrameParser(maxTextBytes: 32)

    func parse(_ json: String) -> Result<ClientFrame, ProtocolError> { parser.parse(Data(json.utf8)) }

    @Test func send() throws {
        #expect(try parse(#"{"type":"send","id":"c1","conversation":"g","topic":"eu","text":"hi"}"#).get()
                == .send(clientID: "c1", conversation: "g", topic: "eu", text: "hi", language: nil))
    }

    @Test("errors name the problem", arguments: [
        (#"{"type":"send","conversation":"g","text":"x"}"#, ErrorCode.badFrame, "'id'"),
        (#"{"type":"send","id":"a","text":"x"}"#, .badFrame, "'conversation'"),
        (#"{"type":"send","id":"a","conversation":"g","text":""}"#, .badFrame, "non-empty"),
        (#"{"type":"subscribe","conversation":5}"#, .badFrame, "conversation"),
        (#"{"type":"warp"}"#, .unknownType, "warp"),
        (#"[1,2]"#, .badJSON, "JSON object"),
        (#"{"id":"x"}"#, .badFrame, "'type'"),
        (#"{"type":"history","conversation":"g","limit":9999}"#, .badFrame, "limit"),
        (#"{"type":"send","id":"a","conversation":"g","text":"0123456789012345678901234567890123456789"}"#, .tooLarge, "limit is 32"),
    ])
    func refusals(json: String, code: ErrorCode, mention: String) throws {
        guard case .failure(let error) = parse(json) else { Issue.record("accepted \(json)"); return }
        #expect(error.code == code)
        #expect(error.message.contains(mention))
    }

    @Test func requestIDIsRepeatedInErrors() {
        guard case .failure(let error) = parse(#"{"type":"read","id":"r9","conversation":"g"}"#) else { Issue.record("accepted"); return }
        #expect(error.requestID == "r9")
    }

    @Test func meetingFramesAreParsedHere() throws {
        let frame = try parse(#"{"type":"meeting.utterance","id":"u1","meeting":"m-1","speaker":"Li","text":"hi","start":12.5}"#).get()
        #expect(frame == .meeting(.utterance(meeting: "m-1", clientID: "u1", speaker: "Li", text: "hi", start: 12.5, end: nil), requestID: "u1"))
        let start = try parse(#"{"type":"meeting.start","id":"s","attendees":["li","ana@partner"],"date":"2024-02-29","lang":"zh-Hans-CN"}"#).get()
        guard case .meeting(.start(let m), "s") = start else { Issue.record("not a meeting.start: \(start)"); return }
        #expect(m.attendees == ["li", "ana@partner"])
        #expect(m.date?.description == "2024-02-29")
        #expect(m.language == Language("zh"))
        #expect(m.title == "Meeting")
    }
}

@Suite("Server frames")
struct ServerFrameTests {
    @Test("message frames escape text and carry the original")
    func messageFrame() throws {
        let m = ChatMessage(conversation: "g", seq: 3, topic: nil, sender: UserRef(id: "a", tenant: "t"), senderName: "A \"quoted\"",
                            clientID: "c", text: "line1\nline2 \u{1}", language: .english, kind: .text, at: 5)
        let bytes = ServerFrames.message(m, rendering: LocalizedText(text: "你好", language: .chinese, engine: "dictionary"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["text"] as? String == "你好")
        #expect(object["lang"] as? String == "zh")
        #expect(object["engine"] as? String == "dictionary")
        #expect((object["original"] as? [String: Any])?["text"] as? String == "line1\nline2 \u{1}")
        #expect((object["sender"] as? [String: Any])?["name"] as? String == "A \"quoted\"")
        #expect(object["topic"] == nil)
    }

    @Test("fan-out frames leave out what the reader can do without: client id, own-tenant, default kind")
    func trimmedFrame() throws {
        let m = ChatMessage(conversation: "g", seq: 9, topic: nil, sender: UserRef(id: "a", tenant: "acme"), senderName: "A",
                            clientID: "c-1", text: "hi", language: .english, kind: .text, at: 5)
        let other = try #require(try JSONSerialization.jsonObject(with: Data(ServerFrames.message(m, rendering: nil, forSender: false,
                                                                                                  conversationTenant: "acme"))) as? [String: Any])
        #expect(other["clientId"] == nil)
        #expect(other["kind"] == nil)
        #expect((other["sender"] as? [String: Any])?["tenant"] == nil)
        #expect((other["sender"] as? [String: Any])?["id"] as? String == "a")
        // A partner's message in acme's group names the partner's tenant; the sender's own sessions get the client id.
        let partner = ChatMessage(conversation: "g", seq: 10, topic: nil, sender: UserRef(id: "p", tenant: "supplier"), senderName: "P",
                                  clientID: "c-2", text: "hi", language: .english, kind: .bot, at: 6)
        let own = try #require(try JSONSerialization.jsonObject(with: Data(ServerFrames.message(partner, rendering: nil, forSender: true,
                                                                                                conversationTenant: "acme"))) as? [String: Any])
        #expect(own["clientId"] as? String == "c-2")
        #expect(own["kind"] as? String == "bot")
        #expect((own["sender"] as? [String: Any])?["tenant"] as? String == "supplier")
    }

    @Test("an untranslated message is its own original: no engine, no original, no topic")
    func untranslatedFrame() throws {
        let m = ChatMessage(conversation: "g", seq: 4, topic: "eu", sender: UserRef(id: "a", tenant: "t"), senderName: "A",
                            clientID: "c", text: "Crane 3 is back online", language: .english, kind: .text, at: 5)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ServerFrames.message(m, rendering: nil))) as? [String: Any])
        #expect(object["text"] as? String == "Crane 3 is back online")
        #expect(object["lang"] as? String == "en")
        #expect(object["topic"] as? String == "eu")
        #expect(object["engine"] == nil)
        #expect(object["original"] == nil)
    }

    @Test func replyMergesBody() throws {
        let bytes = ServerFrames.reply("read", requestID: "r", Replies.Read(conversation: "g", seq: 4, unread: 2))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["type"] as? String == "read")
        #expect(object["id"] as? String == "r")
        #expect((object["unread"] as? NSNumber)?.intValue == 2)
    }
}
