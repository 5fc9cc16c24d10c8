/// Guesses the dictionary form of an inflected word the dictionary does not list, so that
/// "keys" finds "key" and "lived" finds "live"; the inflection is remembered so `Inflector`
/// can put it back on the translation. Rules are deliberately few: they only run on misses.
struct Lemmatizer: Sendable {
    enum Inflection: String, Sendable { case plural, thirdPerson, past, gerund, possessive, future }

    static let irregularEnglish: [String: String] = [
        "children": "child", "men": "man", "women": "woman", "people": "person", "feet": "foot", "teeth": "tooth",
        "mice": "mouse", "wives": "wife", "knives": "knife", "lives": "life", "leaves": "leaf",
    ]

    /// Candidate (lemma, inflection) pairs for `word` (a matching key), most likely first.
    func candidates(for word: String, language: String) -> [(String, Inflection)] {
        switch language {
        case "en": return english(word)
        case "es", "fr", "it", "pt": return romancePlural(word)
        case "ru": return russian(word)
        default: return []
        }
    }

    private func english(_ w: String) -> [(String, Inflection)] {
        if let lemma = Self.irregularEnglish[w] { return [(lemma, .plural)] }
        var out: [(String, Inflection)] = []
        func strip(_ suffix: String, add: String = "", _ kind: Inflection) {
            guard w.hasSuffix(suffix), w.count > suffix.count + 1 else { return }
            out.append((String(w.dropLast(suffix.count)) + add, kind))
        }
        if w.hasSuffix("'s") || w.hasSuffix("’s") { strip("'s", .possessive); strip("’s", .possessive); return out }
        strip("ies", add: "y", .plural)
        strip("es", .plural)
        if !w.hasSuffix("ss") { strip("s", .plural) }
        strip("ied", add: "y", .past)
        strip("ed", .past)
        strip("d", .past)
        if w.hasSuffix("ed"), w.count > 4 {
            let stem = w.dropLast(2)
            if let last = stem.last, stem.dropLast().last == last { out.append((String(stem.dropLast()), .past)) }
        }
        strip("ing", .gerund)
        strip("ing", add: "e", .gerund)
        if w.hasSuffix("ing"), w.count > 5 {
            let stem = w.dropLast(3)
            if let last = stem.last, stem.dropLast().last == last { out.append((String(stem.dropLast()), .gerund)) }
        }
        return out
    }

    /// Russian endings back to the dictionary form: past-tense verbs (-л/-ла/-ли → -ть), adjective
    /// cases (→ -ый/-ий/-ой), noun cases and plurals (→ the bare stem, -а, -о, -ь). Only misses get here.
    static let russianEndings: [(ending: String, replacements: [String], inflection: Inflection)] = [
        ("ились", ["иться"], .past), ("ался", ["аться"], .past), ("ила", ["ить"], .past), ("ило", ["ить"], .past),
        ("или", ["ить"], .past), ("ил", ["ить"], .past), ("ала", ["ать"], .past), ("али", ["ать"], .past), ("ал", ["ать"], .past),
        ("ела", ["еть"], .past), ("ели", ["еть"], .past), ("ел", ["еть"], .past),
        ("ого", ["ый", "ий", "ой"], .possessive), ("его", ["ий"], .possessive), ("ому", ["ый", "ой"], .possessive),
        ("ыми", ["ый"], .plural), ("ими", ["ий"], .plural), ("ых", ["ый"], .plural), ("их", ["ий"], .plural),
        ("ая", ["ый", "ой"], .possessive), ("яя", ["ий"], .possessive), ("ую", ["ый", "ой"], .possessive),
        ("ое", ["ый", "ой"], .possessive), ("ые", ["ый"], .plural), ("ие", ["ий"], .plural),
        ("ами", ["", "а"], .plural), ("ями", ["ь", "я"], .plural), ("ах", ["", "а"], .plural), ("ях", ["ь", "я"], .plural),
        ("ов", [""], .plural), ("ев", ["й", ""], .plural), ("ей", ["ь", "я"], .plural), ("ам", ["", "а"], .plural),
        ("ом", ["", "о"], .possessive), ("ем", ["ь", "е"], .possessive), ("ой", ["а"], .possessive), ("ы", ["", "а"], .plural),
        ("и", ["ь", "а", "я", ""], .plural), ("у", ["", "а"], .possessive), ("е", ["", "а", "о"], .possessive),
        ("а", ["", "о"], .possessive), ("ю", ["я", "ь"], .possessive),
    ]

    private func russian(_ w: String) -> [(String, Inflection)] {
        var out: [(String, Inflection)] = []
        for (ending, replacements, inflection) in Self.russianEndings where w.hasSuffix(ending) && w.count > ending.count + 2 {
            let stem = w.dropLast(ending.count)
            for r in replacements { out.append((stem + r, inflection)) }
        }
        return out
    }

    private func romancePlural(_ w: String) -> [(String, Inflection)] {
        var out: [(String, Inflection)] = []
        if w.hasSuffix("es"), w.count > 4 { out.append((String(w.dropLast(2)), .plural)) }
        if w.hasSuffix("s") || w.hasSuffix("x"), w.count > 3 { out.append((String(w.dropLast()), .plural)) }
        return out
    }
}
