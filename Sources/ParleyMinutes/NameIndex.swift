/// The people a meeting can hand a task to (attendees and speakers, also by first name), and how
/// to find the one a sentence names ("Bob will…", "ask Bob to", "@bob", "请李雷…").
struct NameIndex {
    /// Match form of a name ("bob", "bob smith", "person6", "李雷") → display name.
    private(set) var byKey: [String: String] = [:]
    /// Keys, longest first, so "bob smith" wins over "bob".
    private(set) var keys: [String] = []

    init(names: [String]) {
        for name in names {
            let display = name.trimmingSpaces()
            guard !display.isEmpty else { continue }
            let key = NameIndex.key(display)
            if byKey[key] == nil { byKey[key] = display }
            let parts = key.split(separator: " ")
            if parts.count > 1, parts[0].count >= 2, byKey[String(parts[0])] == nil { byKey[String(parts[0])] = display }
        }
        keys = byKey.keys.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    static func key(_ name: String) -> String {
        name.lowercased().filter { !"[]()@".contains($0) }.trimmingSpaces()
    }

    /// The person `form` (a sentence in match form) hands a task to, if any.
    func assignee(in form: String, cues: CuePhrases, speaker: String) -> String? {
        // @mentions first: the clearest signal.
        if let at = form.firstIndex(of: "@") {
            let handle = form[form.index(after: at)...].prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
            if !handle.isEmpty {
                let key = String(handle).lowercased()
                return byKey[key] ?? keys.first(where: { $0.hasPrefix(key) }).flatMap { byKey[$0] } ?? String(handle)
            }
        }
        let speakerKey = NameIndex.key(speaker)
        let firstPerson = cues.spaced
            ? [" i will ", " i'll ", " i'm going to ", " let me ", " i can "].contains(where: form.contains)
            : false
        for key in keys {
            let pattern = cues.spaced ? " \(key) " : key
            guard form.contains(pattern) else { continue }
            for cue in cues.assignmentBeforeName {
                let phrase = cues.spaced ? cue + key + " " : cue + key
                if form.contains(phrase) { return byKey[key] }
            }
            guard key != speakerKey else { continue }
            for cue in cues.assignmentAfterName {
                // "I'll send it to Bob" hands nothing to Bob.
                if firstPerson, cue == " to " { continue }
                let phrase = cues.spaced ? " \(key)" + cue : key + cue
                if form.contains(phrase) { return byKey[key] }
            }
        }
        return nil
    }
}
