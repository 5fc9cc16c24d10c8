/// JSON as the fuzzer writes it: any value, including number literals no encoder would produce
/// (`1e308`, `-0`, `18446744073709551616`) and escapes of lone surrogates.
indirect enum JSONText {
    /// Written as is: numbers, `true`, `false`, `null`, or deliberately broken text.
    case raw(String)
    case string(String)
    case array([JSONText])
    case object([(String, JSONText)])

    var text: String {
        switch self {
        case .raw(let r): return r
        case .string(let s): return Self.quote(s)
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let fields): return "{" + fields.map { Self.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
