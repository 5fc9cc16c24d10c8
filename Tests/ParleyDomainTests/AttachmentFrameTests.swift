import Foundation
import ParleyDomain
import Testing

@Suite("Attachments in frames", .timeLimit(.minutes(1)))
struct AttachmentFrameTests {
    let parser = ClientFrameParser(maxTextBytes: 64)

    func parse(_ json: String) -> Result<ClientFrame, ProtocolError> { parser.parse(Data(json.utf8)) }

    @Test("send takes up to 10 distinct file ids; more, repeated or malformed ones are refused naming the field")
    func sendAttachments() throws {
        #expect(try parse(#"{"type":"send","id":"c1","conversation":"g","text":"hi","attachments":["fl-a","fl-b"]}"#).get()
                == .send(clientID: "c1", conversation: "g", topic: nil, text: "hi", language: nil, attachments: ["fl-a", "fl-b"]))
        let eleven = (0..<11).map { "\"fl-\($0)\"" }.joined(separator: ",")
        for bad in [#"{"type":"send","id":"c1","conversation":"g","text":"hi","attachments":["fl-a","fl-a"]}"#,
                    #"{"type":"send","id":"c1","conversation":"g","text":"hi","attachments":[\#(eleven)]}"#,
                    #"{"type":"send","id":"c1","conversation":"g","text":"hi","attachments":[""]}"#] {
            guard case .failure(let e) = parse(bad) else { Issue.record("accepted \(bad)"); continue }
            #expect(e.code == .badFrame || e.code == .tooLarge)
            #expect(e.message.contains("attachments"))
        }
    }

    @Test("a message frame carries attachments only when it has some")
    func messageFrame() throws {
        var m = ChatMessage(conversation: "g", seq: 1, topic: nil, sender: UserRef(id: "ana", tenant: "acme"), senderName: "Ana",
                            clientID: "c", text: "see", language: .english, kind: .text, at: 1)
        #expect(!String(decoding: ServerFrames.message(m, rendering: nil), as: UTF8.self).contains("attachments"))
        m.attachments = [FileReference(id: "fl-1", name: "a \"b\".png", size: 3, type: "image/png")]
        let object = try JSONSerialization.jsonObject(with: Data(ServerFrames.message(m, rendering: nil))) as? [String: Any]
        let files = try #require(object?["attachments"] as? [[String: Any]])
        #expect(files.first?["name"] as? String == "a \"b\".png")
        #expect(files.first?["size"] as? Int == 3)
        #expect(FileReference.decode(String(decoding: FileReference.json(m.attachments), as: UTF8.self)) == m.attachments)
    }
}
