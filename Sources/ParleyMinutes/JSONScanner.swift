/// A small JSON reader that remembers the line of every value, so that a broken upload gets an
/// error naming its line (Foundation's JSON errors give none on Linux).
struct JSONScanner {
    indirect enum Value {
        case string(String), number(Double), bool(Bool), null
        case array([Located])
        case object([(key: String, value: Located)])
    }

    struct Located {
        let value: Value
        let line: Int

        subscript(key: String) -> Located? {
            guard case .object(let members) = value else { return nil }
            return members.first(where: { $0.key == key })?.value
        }
    }

    private let scalars: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    /// Open arrays and objects; past `maxDepth` the document is refused, not recursed into.
    private var depth = 0
    static let maxDepth = 64

    init(text: String) { scalars = Array(text.unicodeScalars) }

    mutating func parseDocument() throws(MinutesError) -> Located {
        let value = try parseValue()
        skipSpace()
        if i < scalars.count { throw fail("unexpected \"\(Character(scalars[i]))\" after the JSON value") }
        return value
    }

    private func fail(_ message: String) -> MinutesError { MinutesError(.malformed, line: line, "invalid JSON: \(message)") }

    private mutating func skipSpace() {
        while i < scalars.count {
            switch scalars[i] {
            case "\n": line += 1; i += 1
            case " ", "\t", "\r": i += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(MinutesError) -> Located {
        skipSpace()
        guard i < scalars.count else { throw fail("the document ends where a value was expected") }
        let at = line
        switch scalars[i] {
        case "{", "[":
            guard depth < Self.maxDepth else { throw fail("arrays and objects nested deeper than \(Self.maxDepth) levels") }
            depth += 1
            defer { depth -= 1 }
            return Located(value: scalars[i] == "{" ? try parseObject() : try parseArray(), line: at)
        case "\"": return Located(value: .string(try parseString()), line: at)
        case "t": try literal("true"); return Located(value: .bool(true), line: at)
        case "f": try literal("false"); return Located(value: .bool(false), line: at)
        case "n": try literal("null"); return Located(value: .null, line: at)
        default: return Located(value: .number(try parseNumber()), line: at)
        }
    }

    private mutating func literal(_ word: String) throws(MinutesError) {
        for s in word.unicodeScalars {
            guard i < scalars.count, scalars[i] == s else { throw fail("expected \"\(word)\"") }
            i += 1
        }
    }

    private mutating func parseNumber() throws(MinutesError) -> Double {
        let start = i
        while i < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[i]) { i += 1 }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<i])
        guard !text.isEmpty, let value = Double(text) else {
            throw fail(i < scalars.count ? "unexpected \"\(Character(scalars[i]))\"" : "bad number")
        }
        return value
    }

    private mutating func parseString() throws(MinutesError) -> String {
        i += 1
        var out = String.UnicodeScalarView()
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            switch c {
            case "\"": return String(out)
            case "\n": throw fail("a string runs past the end of the line (missing closing quote?)")
            case "\\":
                guard i < scalars.count else { throw fail("the document ends inside a string") }
                let e = scalars[i]
                i += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{8}")
                case "f": out.append("\u{C}")
                case "u": out.append(try parseUnicodeEscape())
                default: out.append(e)
                }
            default: out.append(c)
            }
        }
        throw fail("the document ends inside a string")
    }

    private mutating func hex4() throws(MinutesError) -> UInt32 {
        guard i + 4 <= scalars.count else { throw fail("bad \\u escape") }
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars[i..<i + 4])
        guard let v = UInt32(s, radix: 16) else { throw fail("bad \\u escape \"\(s)\"") }
        i += 4
        return v
    }

    private mutating func parseUnicodeEscape() throws(MinutesError) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high), i + 1 < scalars.count, scalars[i] == "\\", scalars[i + 1] == "u" {
            i += 2
            let low = try hex4()
            let combined = 0x10000 + ((high - 0xD800) << 10) + (low &- 0xDC00)
            return Unicode.Scalar(combined) ?? "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func parseArray() throws(MinutesError) -> Value {
        i += 1
        var items: [Located] = []
        skipSpace()
        if i < scalars.count, scalars[i] == "]" { i += 1; return .array(items) }
        while true {
            items.append(try parseValue())
            skipSpace()
            guard i < scalars.count else { throw fail("the document ends inside a list (missing \"]\")") }
            if scalars[i] == "," { i += 1; continue }
            if scalars[i] == "]" { i += 1; return .array(items) }
            throw fail("expected \",\" or \"]\" in a list, found \"\(Character(scalars[i]))\"")
        }
    }

    private mutating func parseObject() throws(MinutesError) -> Value {
        i += 1
        var members: [(key: String, value: Located)] = []
        skipSpace()
        if i < scalars.count, scalars[i] == "}" { i += 1; return .object(members) }
        while true {
            skipSpace()
            guard i < scalars.count, scalars[i] == "\"" else { throw fail("expected a quoted key in an object") }
            let key = try parseString()
            skipSpace()
            guard i < scalars.count, scalars[i] == ":" else { throw fail("expected \":\" after the key \"\(key)\"") }
            i += 1
            members.append((key, try parseValue()))
            skipSpace()
            guard i < scalars.count else { throw fail("the document ends inside an object (missing \"}\")") }
            if scalars[i] == "," { i += 1; continue }
            if scalars[i] == "}" { i += 1; return .object(members) }
            throw fail("expected \",\" or \"}\" in an object, found \"\(Character(scalars[i]))\"")
        }
    }
}
