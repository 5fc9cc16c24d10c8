import Foundation
import ParleyDomain
import Testing

/// Every bound of `FieldRules`, as a client meets it: the frame is refused with `bad_frame` and a
/// message naming the field and the allowed range.
@Suite("Field ranges at the edge")
struct FieldRulesTests {
    let parser = ClientFrameParser(maxTextBytes: 64)

    func refusal(_ json: String) -> ProtocolError? {
        guard case .failure(let e) = parser.parse(Data(json.utf8)) else { return nil }
        return e
    }

    @Test("out-of-range values are refused, naming the field and the range", arguments: [
        // The three frames of issue 13, and their neighbours.
        (#"{"type":"subscribe","id":"s","conversation":"g","since":9223372036854775807}"#, "'since'", "0...9007199254740991"),
        (#"{"type":"subscribe","conversation":"g","since":-1}"#, "'since'", "0...9007199254740991"),
        (#"{"type":"subscribe","conversation":"g","since":1e30}"#, "'since'", "0...9007199254740991"),
        (#"{"type":"subscribe","conversation":"g","since":1.5}"#, "'since'", "0...9007199254740991"),
        (#"{"type":"history","conversation":"g","limit":0.5}"#, "'limit'", "1...500"),
        (#"{"type":"hello","version":1e300}"#, "'version'", "0...1000000"),
        (#"{"type":"history","conversation":"g","before":-5}"#, "'before'", "0..."),
        (#"{"type":"read","conversation":"g","seq":-1}"#, "'seq'", "0..."),
        (#"{"type":"read","conversation":"g","seq":9007199254740992}"#, "'seq'", "0..."),
        (#"{"type":"meeting.correct","id":"x","meeting":"m-1","minutes":"just a string"}"#, "'minutes'", "JSON object"),
        (#"{"type":"meeting.correct","id":"x","meeting":"m-1","minutes":[1,2]}"#, "'minutes'", "JSON object"),
        (#"{"type":"meeting.utterance","meeting":"m","speaker":"a","text":"t","start":1e308}"#, "'start'", "a week"),
        (#"{"type":"meeting.utterance","meeting":"m","speaker":"a","text":"t","start":-1}"#, "'start'", "0...604800"),
        (#"{"type":"meeting.utterance","meeting":"m","speaker":"a","text":"t","end":604801}"#, "'end'", "0...604800"),
        (#"{"type":"meeting.utterance","meeting":"m","speaker":"","text":"t"}"#, "'speaker'", "non-empty"),
        (#"{"type":"meeting.start","attendees":[],"date":"9999-99-99"}"#, "'date'", "real calendar date"),
        (#"{"type":"meeting.start","attendees":[],"date":"2026-02-30"}"#, "'date'", "real calendar date"),
        (#"{"type":"meeting.start","attendees":[],"date":"2025-02-29"}"#, "'date'", "real calendar date"),
        (#"{"type":"meeting.start","attendees":[],"date":"26-1-1"}"#, "'date'", "YYYY-MM-DD"),
        (#"{"type":"meeting.start","date":"2026-01-01"}"#, "'attendees'", "list of user ids"),
        (#"{"type":"meeting.start","attendees":[""]}"#, "'attendees[0]'", "1...128"),
        (#"{"type":"meeting.start","attendees":[],"lang":"x-klingon"}"#, "'lang'", "BCP 47"),
        (#"{"type":"settings","lang":"en-"}"#, "'lang'", "BCP 47"),
        (#"{"type":"settings","lang":"123"}"#, "'lang'", "BCP 47"),
        (#"{"type":"meeting.ack","meeting":"m","version":0}"#, "'version'", "1..."),
        (#"{"type":"send","id":"a","conversation":"g","text":"x","lang":"e"}"#, "'lang'", "BCP 47"),
        (#"{"type":"subscribe","conversation":"*","topics":["eu"]}"#, "\"*\"", "topics"),
        (#"{"type":"subscribe","conversation":""}"#, "'conversation'", "1...128"),
    ])
    func refused(json: String, field: String, range: String) throws {
        let e = try #require(refusal(json), "accepted \(json)")
        #expect(e.code == .badFrame)
        #expect(e.message.contains(field), "\(e.message)")
        #expect(e.message.contains(range), "\(e.message)")
    }

    @Test("a 10,000-character language tag is refused")
    func hugeLanguage() throws {
        let e = try #require(refusal(#"{"type":"settings","id":"l","lang":""# + String(repeating: "a", count: 10_000) + #""}"#))
        #expect(e.message.contains("at most 35 characters"))
        #expect(e.requestID == "l")
    }

    @Test("over-long ids, topics, titles and lists are refused")
    func lengths() throws {
        let longID = String(repeating: "i", count: 129)
        #expect(refusal(#"{"type":"ping","id":""# + longID + #""}"#)?.message.contains("'id' must be 1...128 bytes") == true)
        #expect(refusal(#"{"type":"send","id":"a","conversation":"g","topic":""# + String(repeating: "t", count: 101) + #"","text":"x"}"#)?
                    .message.contains("at most 100 characters") == true)
        #expect(refusal(#"{"type":"meeting.start","attendees":[],"title":""# + String(repeating: "t", count: 201) + #""}"#)?
                    .message.contains("'title' must be at most 200") == true)
        let topics = (0...100).map { "\"t\($0)\"" }.joined(separator: ",")
        #expect(refusal(#"{"type":"subscribe","conversation":"g","topics":["# + topics + "]}")?.message.contains("at most 100 entries") == true)
        #expect(refusal(#"{"type":"meeting.utterance","meeting":"m","speaker":"a","text":""# + String(repeating: "x", count: 65) + #""}"#)?.code == .tooLarge)
    }

    @Test("values at the bounds are accepted")
    func bounds() throws {
        #expect(throws: Never.self) { try parser.parse(Data(#"{"type":"subscribe","conversation":"g","since":9007199254740991}"#.utf8)).get() }
        #expect(throws: Never.self) { try parser.parse(Data(#"{"type":"read","conversation":"g","seq":0}"#.utf8)).get() }
        #expect(throws: Never.self) { try parser.parse(Data(#"{"type":"meeting.utterance","meeting":"m","speaker":"a","text":"t","start":604800}"#.utf8)).get() }
        #expect(throws: Never.self) { try parser.parse(Data(#"{"type":"settings","lang":"es-419"}"#.utf8)).get() }
        #expect(throws: Never.self) { try parser.parse(Data(#"{"type":"meeting.start","attendees":[],"date":"2000-02-29"}"#.utf8)).get() }
    }

    @Test("JSON null and wrong types name the field")
    func types() {
        #expect(refusal(#"{"type":"meeting.utterance","meeting":"m","speaker":"a","text":"t","start":"soon"}"#)?.message == "field 'start' has the wrong type")
        #expect(refusal(#"{"type":"meeting.start","attendees":[1]}"#)?.message.contains("attendees") == true)
    }
}

@Suite("Calendar dates and language tags")
struct ValueTypeTests {
    @Test("real dates only", arguments: [
        ("2024-02-29", true), ("2023-02-29", false), ("1900-02-29", false), ("2000-02-29", true), ("2026-04-31", false),
        ("2026-12-31", true), ("2026-13-01", false), ("2026-00-10", false), ("0999-01-01", false), ("3000-01-01", false),
        ("2026-1-01", false), ("2026-01-1x", false), ("+026-01-01", false),
    ])
    func dates(text: String, valid: Bool) {
        #expect((ISODate(text) != nil) == valid)
        if valid { #expect(ISODate(text)?.description == text) }
    }

    @Test("BCP 47 tags", arguments: [
        ("en", "en"), ("zh-Hans-CN", "zh"), ("pt_BR", "pt"), ("es-419", "es"), ("sr-Latn", "sr"),
    ])
    func tags(tag: String, primary: String) {
        #expect(LanguageTag(tag)?.language.code == primary)
    }

    @Test("not tags", arguments: ["", "e", "123", "en--us", "en-", "toolongprimary", "en-abcdefghi", "中文", "en us"])
    func notTags(tag: String) {
        #expect(LanguageTag(tag) == nil)
    }
}
