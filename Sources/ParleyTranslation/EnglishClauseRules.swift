/// English clause grammar for text built from an uninflected language (Chinese): per clause, the
/// subject's person decides the verb's form ("Wang Wei be responsible" → "is responsible"), the
/// forms aspect rules asked for are realised (past, progressive), 不 + verb takes "do"-support,
/// an adjective predicate gets "be", a 吗-question is inverted, and a pronoun after a verb or
/// preposition takes its object form ("send it to I" → "to me").
enum EnglishClauseRules {
    typealias Person = EnglishVerbForms.Person

    static let subjectPronouns: [String: Person] = [
        "i": .first, "we": .plural, "you": .plural, "they": .plural, "he": .third, "she": .third, "it": .third,
        "this": .third, "that": .third, "everyone": .third, "everybody": .third, "someone": .third, "somebody": .third,
        "nobody": .third, "who": .third,
    ]
    static let objectForms: [String: String] = ["i": "me", "he": "him", "she": "her", "we": "us", "they": "them"]
    /// Verbs whose object may be a whole clause: the pronoun after them keeps its subject form
    /// when a verb follows ("I think we lost").
    static let clauseVerbs: Set<String> = [
        "think", "believe", "know", "say", "hope", "feel", "guess", "wish", "suppose", "hear", "expect", "worry", "fear",
        "mean", "find", "see", "notice", "remember", "forget", "decide", "understand", "doubt", "realize", "wonder",
        "thought", "said", "knew", "felt", "heard", "saw", "found", "is", "am", "are", "was", "were", "be",
    ]
    static let prepositions: Set<String> = ["to", "for", "with", "at", "about", "from", "of", "by", "like", "than", "without"]
    /// Heads that are not verbs although a dictionary tagged them so (到 "to"); never inflected.
    static let uninflected: Set<String> = ["to", "at", "in", "on", "by", "of", "for", "with", "from", "as", "not", "no", "and",
                                           "or", "very", "please", "also", "already", "just", "again", "it", "there", "this"]
    /// Words after which a verb stays bare ("have to change", "unable to", "want to go").
    static let bareAfter: Set<String> = ["to", "unable", "cannot", "let", "make", "help"]
    static let questionParticles: Set<String> = ["吗", "么", "嘛"]
    static let clauseBreaks: Set<String> = [",", "，", ";", "；", "。", ".", "!", "！", "?", "？", ":", "："]

    static func apply(to units: inout [TranslationUnit]) {
        var start = 0
        while start < units.count {
            var end = start
            while end < units.count, !(units[end].kind == .punctuation && clauseBreaks.contains(units[end].source)) { end += 1 }
            let question = end < units.count && (units[end].source == "?" || units[end].source == "？")
            var clause = Array(units[start..<end])
            apply(toClause: &clause, question: question)
            units.replaceSubrange(start..<end, with: clause)
            start += clause.count + 1
        }
    }

    static func isVerb(_ u: TranslationUnit) -> Bool {
        u.kind == .phrase && u.tag == "v" && !u.target.isEmpty && !uninflected.contains(head(u.target))
    }

    static func isModal(_ u: TranslationUnit) -> Bool {
        !u.target.isEmpty && (u.tag == "modal" || EnglishVerbForms.modals.contains(head(u.target)))
    }

    static func head(_ target: String) -> String {
        String(target.prefix(while: { $0 != " " })).lowercased()
    }

    private static func apply(toClause c: inout [TranslationUnit], question: Bool) {
        guard let p = c.firstIndex(where: { isVerb($0) || isModal($0) }) else {
            adjectivePredicate(&c)
            pronounCase(&c)
            articles(&c)
            return
        }
        let (subject, person) = self.subject(in: c, before: p)
        let base = c[p].target
        var inflected = false
        let previousWord = c[0..<p].last(where: { !$0.target.isEmpty })?.target.split(separator: " ").last.map { $0.lowercased() }
        if isModal(c[p]) || c[0..<p].contains(where: isModal) || previousWord.map(bareAfter.contains) == true {
            // The modal carries the tense: the verb stays bare.
        } else if p > 0, c[p - 1].source == "不", c[p - 1].kind == .phrase, subject != nil {
            // 不 + verb: "he doesn't know", "I am not …".
            if ["be", "is"].contains(head(base)) {
                c[p].target = replaceHead(base, with: EnglishVerbForms.be(person: person) + " not")
                c[p - 1].target = ""
            } else {
                c[p - 1].target = c[p].form == .past ? "didn't" : person == .third ? "doesn't" : "don't"
            }
            c[p - 1].origin = "rule:不-do-support"
        } else if subject != nil || c[p].form != nil {
            c[p].target = realise(base, form: c[p].form, person: person)
            inflected = c[p].target != base
        }
        if inflected { c[p].origin += " (rule:agreement)" }
        for k in c.indices where k != p && isVerb(c[k]) && c[k].form == .past && !c[0..<k].contains(where: isModal) {
            c[k].target = EnglishVerbForms.past(c[k].target)
        }
        if question, let subject, let particle = c.last(where: { $0.kind == .phrase }), questionParticles.contains(particle.source) {
            invert(&c, subject: subject, predicate: p, base: base, person: person)
        }
        pronounCase(&c)
        articles(&c)
    }

    /// The head noun or pronoun of the subject before the predicate (nil for a request) and its person.
    private static func subject(in c: [TranslationUnit], before p: Int) -> (Int?, Person) {
        var k = p - 1
        while k >= 0 {
            let u = c[k]
            if u.tag == "adv" || u.tag == "time" || u.target.isEmpty || u.tag == "modal" || u.kind == .punctuation {
                k -= 1
                continue
            }
            if let person = subjectPronouns[u.target.lowercased()], u.tag == "pron" || u.target == "I" {
                return (k, person)
            }
            if u.tag == "name" || ChineseSentenceRules.isNominal(u) {
                let coordinated = c[0..<k].contains { $0.source == "和" || $0.source == "跟" || $0.source == "与" || $0.target == "and" }
                let word = u.target.split(separator: " ").last.map { String($0).lowercased() } ?? ""
                let plural = coordinated || u.target.contains(" and ") || (u.tag != "name" && word.hasSuffix("s") && !word.hasSuffix("ss") && word.count > 3)
                return (k, plural ? .plural : .third)
            }
            return (nil, .unknown)
        }
        return (nil, .unknown)
    }

    static func realise(_ phrase: String, form: EnglishVerbForms.Form?, person: Person) -> String {
        let isBe = ["be", "is"].contains(head(phrase))
        switch form {
        case .past:
            return isBe ? replaceHead(phrase, with: EnglishVerbForms.be(person: person, past: true))
                : EnglishVerbForms.past(phrase, plural: person == .plural)
        case .progressive:
            return EnglishVerbForms.be(person: person) + " " + EnglishVerbForms.gerund(phrase)
        case nil:
            if isBe { return replaceHead(phrase, with: EnglishVerbForms.be(person: person)) }
            return person == .third ? EnglishVerbForms.thirdPerson(phrase) : phrase
        }
    }

    private static func replaceHead(_ phrase: String, with word: String) -> String {
        guard let space = phrase.firstIndex(of: " ") else { return word }
        return word + phrase[space...]
    }

    /// "她很高兴" → "She is very happy": a clause of subject, adverbs and an adjective gets "be".
    private static func adjectivePredicate(_ c: inout [TranslationUnit]) {
        guard let a = c.firstIndex(where: { $0.tag == "adj" && $0.kind == .phrase && !$0.target.isEmpty }),
              !c[(a + 1)...].contains(where: { ChineseSentenceRules.isNominal($0) && !$0.target.isEmpty }) else { return }
        var k = a
        while k > 0, c[k - 1].tag == "adv" || c[k - 1].target.isEmpty { k -= 1 }
        let (subject, person) = self.subject(in: c, before: k)
        guard let subject, subject == k - 1 || c[(subject + 1)..<k].allSatisfy({ $0.target.isEmpty || $0.tag == "time" }) else { return }
        c.insert(TranslationUnit(kind: .phrase, source: "", target: EnglishVerbForms.be(person: person), tag: "v",
                                 origin: "rule:adjective-predicate", spaceBefore: true), at: k)
    }

    /// "you will stay … 吗" → "will you stay …"; "you are … 吗" → "are you …"; else do-support.
    private static func invert(_ c: inout [TranslationUnit], subject: Int, predicate p: Int, base: String, person: Person) {
        guard let front = c.firstIndex(where: { !$0.target.isEmpty && $0.kind != .punctuation }), front <= subject else { return }
        let auxiliary: String
        if isModal(c[p]) || ["am", "is", "are", "was", "were"].contains(head(c[p].target)) {
            auxiliary = head(c[p].target)
            let rest = c[p].target.dropFirst(auxiliary.count).drop(while: { $0 == " " })
            c[p].target = String(rest)
        } else if c[0..<p].contains(where: isModal) || (p > 0 && c[p - 1].origin == "rule:不-do-support") {
            return
        } else {
            auxiliary = c[p].form == .past ? "did" : person == .third ? "does" : "do"
            c[p].target = base
        }
        var lowered = c[front]
        if lowered.target != "I", lowered.tag != "name", lowered.kind != .protected, lowered.kind != .glossary,
           let first = lowered.target.first, first.isUppercase {
            lowered.target = first.lowercased() + lowered.target.dropFirst()
            c[front] = lowered
        }
        c.insert(TranslationUnit(kind: .phrase, source: "", target: auxiliary, tag: "aux", origin: "rule:吗-question",
                                 spaceBefore: c[front].spaceBefore), at: front)
        c.removeAll { $0.kind == .phrase && $0.target.isEmpty && $0.tag == "modal" }
    }

    /// A pronoun after a verb or preposition is its object ("help I" → "help me"), unless a verb
    /// that takes a clause comes before and a verb after ("I think we lost").
    private static func pronounCase(_ c: inout [TranslationUnit]) {
        for k in c.indices.dropFirst() where c[k].tag == "pron" {
            guard let object = objectForms[c[k].target.lowercased()] else { continue }
            guard let before = c[0..<k].lastIndex(where: { !$0.target.isEmpty }) else { continue }
            let previous = c[before]
            let governs = isVerb(previous) || previous.tag == "prep" || prepositions.contains(head(previous.target))
                || previous.origin == "rule:让-causative"
            guard governs, previous.tag != "pron" else { continue }
            let next = c[(k + 1)...].first(where: { !$0.target.isEmpty })
            let verbAfter = next.map { isVerb($0) || isModal($0) || $0.tag == "adv" || $0.tag == "adj" } ?? false
            let lastWord = previous.target.split(separator: " ").last.map { String($0).lowercased() } ?? ""
            // After a verb that takes a clause, only a pronoun closing the clause is its object.
            if clauseVerbs.contains(head(previous.target)) || clauseVerbs.contains(lastWord), next != nil || verbAfter { continue }
            c[k].target = object
            c[k].origin += " (rule:object-pronoun)"
        }
    }

    /// Words that already determine a noun phrase.
    static let determiners: Set<String> = [
        "the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her", "our", "their", "its", "some", "any",
        "every", "each", "no", "all", "one", "another", "other", "many", "much", "few", "several", "both", "which", "what",
        "whose", "such", "more", "most", "less", "enough", "either", "neither",
    ]

    /// A common-noun phrase opening a clause (its subject) or after a verb or preposition (an object)
    /// takes "the" when nothing determines it: Chinese has no articles, English needs one. Measured:
    /// Tatoeba zh-en chrF 34.8 → 35.9 and the domain set 64.5 → 72.2 (objects alone: 35.5 / 68.7; leaving
    /// a clause that is only a noun phrase bare: 35.8 / 71.7). After "be" a singular noun takes "a".
    private static func articles(_ c: inout [TranslationUnit]) {
        func nounLike(_ u: TranslationUnit) -> Bool {
            u.kind == .phrase && (u.tag == "n" || u.tag == "term" || u.tag == "adj") && !u.target.isEmpty
                && !ChineseSentenceRules.isTime(u)
        }
        // A message of one word is a label or an answer ("挖掘机" → "Excavator"), not a clause.
        guard c.filter({ !$0.target.isEmpty && $0.kind != .punctuation }).count > 1 else { return }
        var k = 0
        while k < c.count {
            guard nounLike(c[k]) else { k += 1; continue }
            var end = k
            while end < c.count, nounLike(c[end]) || (c[end].target.isEmpty && c[end].kind == .phrase) { end += 1 }
            let run = c[k..<end]
            defer { k = end }
            guard let last = run.last(where: { !$0.target.isEmpty }), last.tag != "adj" else { continue }
            let first = c[k]
            let firstWord = head(first.target)
            guard !determiners.contains(firstWord), first.target.first?.isLowercase ?? false else { continue }
            let previous = c[0..<k].last(where: { !$0.target.isEmpty })
            let object = previous.map { isVerb($0) || $0.tag == "prep" || prepositions.contains(head($0.target).lowercased()) } ?? false
            let subject = previous == nil
            guard object || subject else { continue }
            if let p = previous, p.tag == "num" || p.tag == "mw" || p.kind == .protected || determiners.contains(p.target.lowercased())
                || p.target.hasSuffix("'s") || p.tag == "pron" { continue }
            // After "be" a singular noun is a predicate: "I am a student".
            var article = "the"
            if let p = previous, ["is", "am", "are", "was", "were", "be"].contains(p.target.lowercased()),
               !(last.target.hasSuffix("s") && !last.target.hasSuffix("ss")) {
                article = "aeiou".contains(firstWord.first ?? "x") ? "an" : "a"
            }
            c[k].target = article + " " + first.target
            c[k].origin += " (rule:article)"
        }
    }
}
