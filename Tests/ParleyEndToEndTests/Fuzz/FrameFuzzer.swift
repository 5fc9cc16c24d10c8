import ParleyDomain

/// Structure-aware generation of client frames from the protocol's own frame list
/// (`FrameSchema.clientFrames`): mostly well-formed frames with one or two fields made hostile
/// (wrong types, extreme integers and doubles, empty and huge strings, odd Unicode, missing and
/// extra fields, nested junk), and now and then a frame that is not a JSON object at all.
struct FrameFuzzer {
    /// What valid values refer to: conversations, meetings and users that exist in the daemon.
    struct Context {
        var conversations: [String]
        var meetings: [String]
        var users: [String]
        var minutesTemplate: String
    }

    /// A generated frame; `expectsAnswer` is the request id whose answer the protocol promises.
    struct Frame {
        var text: String
        var expectsAnswer: String?
    }

    var rng: SplitMix64
    var context: Context
    private var counter = 0

    init(seed: UInt64, context: Context) {
        rng = SplitMix64(seed: seed)
        self.context = context
    }

    static let texts = ["hello", "柳工挖掘机事业部下周五之前完成装载机的设计评审。", "@bob see https://example.com/x?y=1 `code`",
                        "We decided to ship on Monday.", "I will send the report by Friday.", "¿Dónde está la grúa? 🚧",
                        "请李娜明天把供应商名单发给大家。", "in 99999999999999 weeks", "下周五之前 99999999999999天后"]
    /// Hostile values after which the frame is no JSON text (or no Unicode) at all.
    static let breaksDocument: Set<String> = ["NaN", "Infinity", "01", "+1", ".5", "1.", "0x10", "1E400",
                                              "\"\\ud800\"", "\"\\udfff\\ud800\""]
    static let oddUnicode = ["\u{202E}gnp.exe", "e\u{0301}\u{0301}\u{0301}", "👩‍👩‍👧‍👦🏳️‍🌈", "\u{0}\u{1}\u{1F}", "\u{FEFF}", "𝕏𝕐ℤ",
                             "\u{200B}\u{200D}", "ﷺ", "\u{10FFFF}", "a\u{0308}\u{0324}\u{20DD}"]

    mutating func next() -> Frame {
        counter += 1
        if rng.chance(0.04) { return Frame(text: brokenDocument(), expectsAnswer: nil) }
        let schema = rng.pick(FrameSchema.clientFrames)
        var fields: [(String, JSONText)] = [("type", .string(schema.type))]
        var tracked: String?
        var hostile = 0
        var brokenJSON = false
        for (name, kind) in schema.required + schema.optional {
            let required = schema.required.contains { $0.name == name }
            if !required && rng.chance(0.5) && name != "id" { continue }
            if name == "id" && rng.chance(0.1) { continue }
            if hostile < 2 && rng.chance(0.18) {
                hostile += 1
                if rng.chance(0.25) { continue }  // a missing field
                let value = hostileValue()
                // Not JSON (NaN, 0x10) or not Unicode (a lone surrogate): the whole frame is `bad_json`,
                // and a frame that is not JSON has no request id to repeat.
                if case .raw(let r) = value, Self.breaksDocument.contains(r) { brokenJSON = true }
                fields.append((name, value))
                continue
            }
            let value = validValue(kind, field: name)
            if name == "id", case .string(let id) = value { tracked = id }
            fields.append((name, value))
        }
        if rng.chance(0.1) {
            let value = hostileValue()
            if case .raw(let r) = value, Self.breaksDocument.contains(r) { brokenJSON = true }
            fields.append(("extra\(Int.random(in: 0...3, using: &rng))", value))
        }
        if rng.chance(0.1) { fields.shuffle(using: &rng) }
        var text = JSONText.object(fields).text
        if text.utf8.count > 60_000 {
            // Frames over the daemon's frame limit close the connection by design; keep them under it.
            text = JSONText.object([("type", .string(schema.type)), ("pad", .string(String(repeating: "x", count: 100)))]).text
            tracked = nil
        }
        // `hello` after authentication is refused without a request id.
        return Frame(text: text, expectsAnswer: schema.type == "hello" || brokenJSON ? nil : tracked)
    }

    mutating func validValue(_ kind: FrameSchema.Kind, field: String) -> JSONText {
        switch kind {
        case .text: return .string(rng.pick(Self.texts))
        case .id: return .string("f-\(counter)")
        case .conversation: return .string(rng.pick(context.conversations))
        case .meeting: return .string(rng.pick(context.meetings))
        case .user: return .string(rng.pick(context.users))
        case .topic: return .string(rng.pick(["eu", "asia", "general"]))
        case .seq: return .raw("\(Int.random(in: 0...60, using: &rng))")
        case .version: return .raw("1")
        case .limit: return .raw("\(Int.random(in: 1...50, using: &rng))")
        case .seconds: return .raw("\(Double.random(in: 0...7200, using: &rng))")
        case .bool: return .raw(rng.chance(0.5) ? "true" : "false")
        case .language: return .string(rng.pick(["en", "zh", "es", "fr", "de", "pt-BR", "zh-Hans-CN"]))
        case .date: return .string(rng.pick(["2026-05-01", "2024-02-29", "2026-12-31"]))
        case .names: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in .string(rng.pick(field == "topics" ? ["eu", "asia"] : context.users)) })
        case .object: return .raw(rng.chance(0.5) ? context.minutesTemplate : mutatedMinutes())
        }
    }

    /// The minutes template with one number or string made extreme.
    mutating func mutatedMinutes() -> String {
        let replacements = ["1e308", "-1", "9223372036854775807", "-1e308", "0.5", "\"x\"", "null", "[]"]
        var text = context.minutesTemplate
        let numbers = ["\"durationSeconds\":", "\"share\":", "\"talkSeconds\":", "\"start\":", "\"end\":", "\"utterance\":", "\"utteranceCount\":"]
        let key = rng.pick(numbers)
        if let range = text.range(of: key) {
            let valueEnd = text[range.upperBound...].firstIndex(where: { $0 == "," || $0 == "}" }) ?? text.endIndex
            text.replaceSubrange(range.upperBound..<valueEnd, with: rng.pick(replacements))
        }
        return text
    }

    mutating func hostileValue() -> JSONText {
        switch Int.random(in: 0...11, using: &rng) {
        case 0: return .raw(rng.pick(["9223372036854775807", "-9223372036854775808", "9007199254740992", "18446744073709551616",
                                      "-1", "0", "-0", "1e308", "-1e308", "1e-320", "0.5", "1E400", "123456789012345678901234567890"]))
        case 1: return .raw(rng.pick(["true", "false", "null"]))
        case 2: return .string("")
        case 3: return .string(String(repeating: rng.pick(["x", "字", "é", "🚧"]), count: rng.pick([17_000, 5_000, 129, 36, 101, 201])))
        case 4: return .string(rng.pick(Self.oddUnicode))
        case 5: return .raw(rng.pick(["\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"\\uFFFF\""]))
        case 6: return .array((0..<Int.random(in: 0...5, using: &rng)).map { _ in .raw(rng.pick(["1", "null", "{}", "\"a\""])) })
        case 7: return .object([("nested", .array([.object([])])), ("n", .raw("1e308"))])
        case 8: return nested(depth: Int.random(in: 10...200, using: &rng))
        case 9: return .array(Array(repeating: .string("bob"), count: rng.pick([101, 5_001, 2])))
        case 10: return .string(rng.pick(["9999-99-99", "2026-02-30", "0000-00-00", "2026-1-1", "*", "x-klingon", "@@", "a@", "@b"]))
        default: return .raw(rng.pick(["NaN", "Infinity", "01", "+1", ".5", "1.", "0x10"]))
        }
    }

    mutating func nested(depth: Int) -> JSONText {
        var value = JSONText.raw("1")
        for _ in 0..<depth { value = rng.chance(0.5) ? .array([value]) : .object([("k", value)]) }
        return value
    }

    /// Not a frame: another JSON type, a truncated object, or no JSON at all.
    mutating func brokenDocument() -> String {
        let frame = JSONText.object([("type", .string(rng.pick(FrameSchema.clientFrames).type)), ("id", .string("b-\(counter)")),
                                     ("conversation", .string(rng.pick(context.conversations)))]).text
        switch Int.random(in: 0...5, using: &rng) {
        case 0: return rng.pick(["[]", "null", "1", "\"send\"", "true", "[{\"type\":\"ping\"}]"])
        case 1: return String(frame.prefix(Int.random(in: 0..<frame.count, using: &rng)))
        case 2: return nested(depth: 5_000).text
        case 3: return "{\"type\":\"ping\",\"id\":\"x\",\"id\":\"y\"}"
        case 4: return String(repeating: "{", count: 3_000)
        default: return "not json at all " + rng.pick(Self.oddUnicode)
        }
    }
}
