/// Requests to the HTTP API (`/api/v1/...`) with generated bodies: fields of the right names with
/// hostile values, transcripts from `TranscriptFuzzer`, and bodies that are not JSON objects.
struct HTTPBodyFuzzer {
    struct Request {
        var method: String
        var path: String
        var role: Role
        var body: String
    }

    enum Role { case member, admin, bot, none, forged }

    var rng: SplitMix64
    var transcripts: TranscriptFuzzer
    var frames: FrameFuzzer
    let group: String

    init(seed: UInt64, frames: FrameFuzzer, group: String) {
        rng = SplitMix64(seed: seed)
        transcripts = TranscriptFuzzer(seed: seed ^ 0x5EED)
        self.frames = frames
        self.group = group
    }

    mutating func next() -> Request {
        let routes: [(String, String, Role, [String])] = [
            ("POST", "/api/v1/meetings", .member, ["transcript", "format", "title", "lang", "date", "attendees", "conversation"]),
            ("POST", "/api/v1/messages", .bot, ["text", "conversation", "user", "topic", "lang", "id"]),
            ("POST", "/api/v1/groups", .admin, ["title", "kind", "members", "shares"]),
            ("POST", "/api/v1/groups/\(group)/members", .admin, ["user"]),
            ("POST", "/api/v1/groups/\(group)/shares", .admin, ["tenant"]),
            ("DELETE", "/api/v1/groups/\(group)/members/" + rng.pick(["bob", "%00", "%ZZ", "a@b@c", String(repeating: "x", count: 300)]), .admin, []),
            ("GET", "/api/v1/groups/" + rng.pick([group, "nope", "../../etc/passwd", "%2e%2e"]), .admin, []),
            ("GET", "/api/v1/groups", .admin, []),
        ]
        let (method, path, role, names) = rng.pick(routes)
        let actual: Role = rng.chance(0.1) ? rng.pick([.none, .forged, .member]) : role
        if rng.chance(0.08) {
            return Request(method: method, path: path, role: actual, body: rng.pick(["", "[]", "null", "{", "{\"a\":", "\u{0}", "not json"]))
        }
        var fields: [(String, JSONText)] = []
        for name in names where rng.chance(0.8) {
            if rng.chance(0.2) {
                fields.append((name, frames.hostileValue()))
                continue
            }
            switch name {
            case "transcript":
                let (text, format) = transcripts.next()
                fields.append((name, .string(text)))
                if let format { fields.append(("format", .string(format))) }
            case "format": fields.append((name, .string(rng.pick(["vtt", "srt", "json", "txt", "docx", ""]))))
            case "attendees", "members": fields.append((name, .array([.string(rng.pick(["bob", "alice", "x@partner"]))])))
            case "shares": fields.append((name, .array([.string("partner")])))
            case "kind": fields.append((name, .string(rng.pick(["group", "topics", "direct", "x"]))))
            case "conversation": fields.append((name, .string(rng.pick([group, "nope"]))))
            case "date": fields.append((name, .string(rng.pick(["2026-05-01", "2026-02-30"]))))
            case "lang": fields.append((name, .string(rng.pick(["en", "zh", "es-419"]))))
            default: fields.append((name, .string(rng.pick(FrameFuzzer.texts))))
            }
        }
        if names.contains("transcript") && !fields.contains(where: { $0.0 == "attendees" }) { fields.append(("attendees", .array([]))) }
        return Request(method: method, path: path, role: actual, body: JSONText.object(fields).text)
    }
}
