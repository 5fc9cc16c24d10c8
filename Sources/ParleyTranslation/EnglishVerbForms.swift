/// English verb morphology for rules that change a dictionary verb's form (Chinese has no
/// inflection, so a zh→en verb arrives in its base form): past, third person and -ing, applied
/// to the head of a verb phrase ("be responsible for" → "is responsible for").
enum EnglishVerbForms {
    /// The form a rule asked for; the English clause rules realise it once the subject is known.
    enum Form: String, Sendable { case past, progressive }

    /// Words that already carry tense or modality: a verb after them keeps its base form.
    static let modals: Set<String> = ["will", "can", "could", "would", "should", "must", "may", "might", "shall",
                                      "cannot", "can't", "won't", "don't", "doesn't", "didn't", "to", "let"]

    static let irregularPast: [String: String] = [
        "be": "was", "have": "had", "do": "did", "go": "went", "come": "came", "see": "saw", "eat": "ate", "take": "took",
        "make": "made", "get": "got", "give": "gave", "know": "knew", "think": "thought", "say": "said", "tell": "told",
        "find": "found", "leave": "left", "feel": "felt", "bring": "brought", "buy": "bought", "write": "wrote", "read": "read",
        "run": "ran", "sit": "sat", "stand": "stood", "speak": "spoke", "break": "broke", "choose": "chose", "begin": "began",
        "drink": "drank", "drive": "drove", "fall": "fell", "forget": "forgot", "hear": "heard", "hold": "held", "keep": "kept",
        "lose": "lost", "meet": "met", "pay": "paid", "put": "put", "send": "sent", "sell": "sold", "set": "set", "shut": "shut",
        "sleep": "slept", "spend": "spent", "teach": "taught", "understand": "understood", "wake": "woke", "wear": "wore",
        "win": "won", "build": "built", "catch": "caught", "cut": "cut", "draw": "drew", "fly": "flew", "grow": "grew",
        "hang": "hung", "hide": "hid", "hit": "hit", "hurt": "hurt", "let": "let", "lie": "lay", "mean": "meant", "ride": "rode",
        "ring": "rang", "rise": "rose", "shake": "shook", "shoot": "shot", "sing": "sang", "steal": "stole", "swim": "swam",
        "throw": "threw", "become": "became", "lead": "led", "lend": "lent", "feed": "fed", "fight": "fought", "dig": "dug",
        "deal": "dealt", "cost": "cost", "quit": "quit", "spread": "spread", "learn": "learned", "forgive": "forgave",
        "freeze": "froze", "bite": "bit", "blow": "blew", "arrive": "arrived", "upset": "upset",
        "overcome": "overcame", "undertake": "undertook", "withdraw": "withdrew", "seek": "sought", "fit": "fit",
    ]

    /// "send the list" → "sent the list"; "be responsible for" → "was responsible for".
    static func past(_ phrase: String, plural: Bool = false) -> String {
        replacingHead(of: phrase) { verb in
            if verb == "be" { return plural ? "were" : "was" }
            if let irregular = irregularPast[verb] { return irregular }
            if verb.hasSuffix("e") { return verb + "d" }
            if verb.hasSuffix("y"), let before = verb.dropLast().last, !"aeiou".contains(before) { return verb.dropLast() + "ied" }
            return (doublesFinalConsonant(verb) ? verb + String(verb.last!) : verb) + "ed"
        }
    }

    /// "check" → "checks", "be" → "is", "have" → "has", "go" → "goes".
    static func thirdPerson(_ phrase: String) -> String {
        replacingHead(of: phrase) { verb in
            switch verb {
            case "be": return "is"
            case "have": return "has"
            default: break
            }
            // Already inflected or an adjective a dictionary tagged as a verb ("crowded").
            if verb.hasSuffix("ed"), !verb.hasSuffix("eed") { return verb }
            if ["s", "sh", "ch", "x", "z", "o"].contains(where: { verb.hasSuffix($0) }) { return verb + "es" }
            if verb.hasSuffix("y"), let before = verb.dropLast().last, !"aeiou".contains(before) { return verb.dropLast() + "ies" }
            return verb + "s"
        }
    }

    /// "test" → "testing", "write" → "writing", "run" → "running", "lie" → "lying".
    static func gerund(_ phrase: String) -> String {
        replacingHead(of: phrase) { verb in
            if verb == "be" || verb == "see" || verb.hasSuffix("ee") || verb.hasSuffix("ye") || verb.hasSuffix("oe") { return verb + "ing" }
            if verb.hasSuffix("ie") { return verb.dropLast(2) + "ying" }
            if verb.hasSuffix("e"), verb.count > 2 { return verb.dropLast() + "ing" }
            return (doublesFinalConsonant(verb) ? verb + String(verb.last!) : verb) + "ing"
        }
    }

    /// The present of "be" for a subject: "I" → am, plural → are, else is.
    static func be(person: Person, past: Bool = false) -> String {
        switch person {
        case .first: return past ? "was" : "am"
        case .plural: return past ? "were" : "are"
        case .third, .unknown: return past ? "was" : "is"
        }
    }

    enum Person: Sendable { case first, plural, third, unknown }

    /// One-syllable consonant-vowel-consonant verbs double the consonant ("stop" → "stopped").
    static func doublesFinalConsonant(_ verb: String) -> Bool {
        let vowels = "aeiou"
        let letters = Array(verb)
        guard letters.count >= 3, let last = letters.last, !vowels.contains(last), !"wxy".contains(last),
              vowels.contains(letters[letters.count - 2]), !vowels.contains(letters[letters.count - 3]) else { return false }
        // One vowel group only: "stop", "plan", not "open", "visit".
        var groups = 0, inVowel = false
        for c in letters {
            let v = vowels.contains(c)
            if v && !inVowel { groups += 1 }
            inVowel = v
        }
        return groups == 1
    }

    private static func replacingHead(of phrase: String, _ transform: (String) -> String) -> String {
        guard let space = phrase.firstIndex(of: " ") else { return transform(phrase) }
        return transform(String(phrase[..<space])) + phrase[space...]
    }
}
