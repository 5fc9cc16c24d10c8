/// Transcripts in every format Parley reads, made wrong in the ways files go wrong: broken and
/// extreme times, missing speakers, junk lines, truncation, deep JSON, odd Unicode.
struct TranscriptFuzzer {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    static let lines = ["We decided to ship on Monday.", "I will send the report by Friday.", "Should we hire a partner?",
                        "下周五之前完成装载机的设计评审。", "李娜负责在三天内 99999999999 天后提交。", "in 99999999999999 weeks we will see",
                        "Let's meet on 2026-02-30.", "Action: Bob to fix the crane by 11/31.", "嗯，那个，我们决定了。"]

    mutating func next() -> (text: String, format: String?) {
        let format = rng.pick(["vtt", "srt", "txt", "json", nil] as [String?])
        var text: String
        switch format ?? rng.pick(["vtt", "srt", "txt", "json"]) {
        case "vtt": text = vtt()
        case "srt": text = srt()
        case "json": text = json()
        default: text = speakerLines()
        }
        if rng.chance(0.1) { text = String(text.prefix(Int.random(in: 0...max(0, text.count), using: &rng))) }
        if rng.chance(0.05) { text = "\u{FEFF}" + text }
        if rng.chance(0.05) { text += String(repeating: rng.pick(["\n", "\r\n", "\r", " "]), count: 50) }
        return (text, rng.chance(0.8) ? format : nil)
    }

    mutating func time(_ srt: Bool) -> String {
        if rng.chance(0.15) {
            return rng.pick(["99999999999:00:00.000", "00:61:00.000", "-1:00:00.000", "00:00", "1e308", "", "00:00:00.000.000",
                             "999999999999999999999:00:00.000", "00:00:60.000", "167:59:59.999", "168:00:00.001", "aa:bb:cc.ddd"])
        }
        let h = Int.random(in: 0...2, using: &rng), m = Int.random(in: 0...59, using: &rng), s = Int.random(in: 0...59, using: &rng)
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(pad(h)):\(pad(m)):\(pad(s))\(srt ? "," : ".")\(Int.random(in: 100...999, using: &rng))"
    }

    mutating func speaker() -> String {
        rng.pick(["Ana", "李娜", "PERSON3", "", "A" + String(repeating: "n", count: 300), "\u{202E}x", "Bob Smith"])
    }

    mutating func vtt() -> String {
        var out = rng.chance(0.95) ? "WEBVTT\n\n" : "WEBVTX\n\n"
        for i in 0..<Int.random(in: 0...8, using: &rng) {
            if rng.chance(0.3) { out += "\(i + 1)\n" }
            out += rng.chance(0.05) ? "junk\n" : "\(time(false)) --> \(time(false))\n"
            if rng.chance(0.9) { out += "<v \(speaker())>\(rng.pick(Self.lines))\n" }
            out += rng.chance(0.9) ? "\n" : ""
        }
        return out
    }

    mutating func srt() -> String {
        var out = ""
        for i in 0..<Int.random(in: 0...8, using: &rng) {
            out += rng.chance(0.95) ? "\(i + 1)\n" : "x\n"
            out += "\(time(true)) --> \(time(true))\n"
            out += "\(speaker()): \(rng.pick(Self.lines))\n\n"
        }
        return out
    }

    mutating func speakerLines() -> String {
        var out = ""
        for _ in 0..<Int.random(in: 0...10, using: &rng) {
            if rng.chance(0.2) { out += "[\(time(false).prefix(8))] " }
            out += rng.chance(0.9) ? "\(speaker()): \(rng.pick(Self.lines))\n" : "\(rng.pick(Self.lines))\n"
        }
        return out
    }

    mutating func json() -> String {
        if rng.chance(0.05) { return String(repeating: "[", count: 10_000) }
        var turns: [JSONText] = []
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            var fields: [(String, JSONText)] = [("speaker", .string(speaker())), ("content", .string(rng.pick(Self.lines)))]
            if rng.chance(0.5) {
                fields.append(("start", .raw(rng.pick(["0", "12.5", "1e308", "-5", "604801", "\"soon\"", "null", "NaN", "1e-320"]))))
            }
            if rng.chance(0.1) { fields.removeFirst() }
            turns.append(.object(fields))
        }
        return rng.chance(0.5) ? JSONText.array(turns).text : JSONText.object([("utterances", .array(turns))]).text
    }
}
