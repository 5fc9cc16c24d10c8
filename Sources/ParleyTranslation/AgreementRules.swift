/// Gender and number agreement for Spanish and French output of the dictionary engine:
/// determiners and following adjectives take the gender the noun's ending suggests and the
/// number of the English source; then article contractions (a el → al, de le → du, le + vowel → l').
enum AgreementRules {
    static let spanishFeminine: [String: String] = ["el": "la", "un": "una", "este": "esta", "ese": "esa", "nuestro": "nuestra",
                                                    "otro": "otra", "mucho": "mucha", "todo": "toda", "ningún": "ninguna"]
    static let spanishPlural: [String: String] = ["el": "los", "la": "las", "un": "unos", "una": "unas", "mi": "mis", "tu": "tus",
                                                  "su": "sus", "este": "estos", "esta": "estas", "ese": "esos", "esa": "esas",
                                                  "nuestro": "nuestros", "nuestra": "nuestras"]
    static let frenchFeminine: [String: String] = ["le": "la", "un": "une", "ce": "cette", "mon": "ma", "ton": "ta", "son": "sa"]
    static let frenchPlural: [String: String] = ["le": "les", "la": "les", "un": "des", "une": "des", "mon": "mes", "ma": "mes",
                                                 "ton": "tes", "ta": "tes", "son": "ses", "sa": "ses", "ce": "ces", "cette": "ces"]
    static let frenchFeminineAdjective: [String: String] = ["bon": "bonne", "beau": "belle", "nouveau": "nouvelle", "vieux": "vieille",
                                                            "blanc": "blanche", "gros": "grosse", "long": "longue", "heureux": "heureuse"]

    static func apply(to units: inout [TranslationUnit], pair: LanguagePair) {
        let language = pair.target.code
        guard pair.source.code == "en", language == "es" || language == "fr" else { return }
        for i in units.indices where units[i].tag == "n" || units[i].tag == "term" {
            let noun = units[i].target.split(separator: " ").first.map(String.init) ?? ""
            guard !noun.isEmpty else { continue }
            // The head of an English compound is its last word ("bucket teeth").
            let source = units[i].source.lowercased().split(separator: " ").last.map(String.init) ?? ""
            let pluralSource = (source.hasSuffix("s") && !source.hasSuffix("ss")) || Lemmatizer.irregularEnglish[source] != nil
            let plural = pluralSource && (noun.hasSuffix("s") || (noun.hasSuffix("x") && language == "fr"))
            let feminine = language == "es" ? spanishIsFeminine(noun) : frenchIsFeminine(noun)
            // Determiners before the noun (adjectives have already moved after it).
            var j = i - 1
            while j >= 0, i - j <= 2, units[j].kind == .phrase, units[j].tag == "det" {
                units[j].target = agree(units[j].target, tag: units[j].tag, feminine: feminine, plural: plural, language: language)
                j -= 1
            }
            // An adjective right after the noun (Romance order).
            if i + 1 < units.count, units[i + 1].tag == "adj", units[i + 1].kind == .phrase {
                units[i + 1].target = agree(units[i + 1].target, tag: "adj", feminine: feminine, plural: plural, language: language)
            }
        }
    }

    private static func agree(_ word: String, tag: String, feminine: Bool, plural: Bool, language: String) -> String {
        var w = word
        if tag == "det" {
            // A sentence-initial "El" agrees like "el".
            let capital = w.first?.isUppercase ?? false
            w = capital ? w.lowercased() : w
            if feminine { w = (language == "es" ? spanishFeminine : frenchFeminine)[w] ?? w }
            if plural { w = (language == "es" ? spanishPlural : frenchPlural)[w] ?? w }
            return capital ? w.prefix(1).uppercased() + w.dropFirst() : w
        }
        guard !w.contains(" ") else { return w }
        if feminine {
            if language == "es", w.hasSuffix("o") { w = w.dropLast() + "a" }
            if language == "fr" { w = frenchFeminineAdjective[w] ?? (w.hasSuffix("e") ? w : w + "e") }
        }
        if plural {
            if language == "es", let last = w.last { w = "aeiou".contains(last) ? w + "s" : w + "es" }
            if language == "fr", !w.hasSuffix("s"), !w.hasSuffix("x") { w += "s" }
        }
        return w
    }

    /// Nouns in -ión are feminine (la reunión, la formación) except these.
    static let masculineIon: Set<String> = ["avión", "camión", "gorrión", "millón", "sarampión", "guion", "guión", "peón", "aluvión",
                                            "billón", "centurión", "escorpión"]

    static func spanishIsFeminine(_ noun: String) -> Bool {
        let masculineA: Set<String> = ["día", "mapa", "problema", "sistema", "programa", "tema", "idioma", "clima", "planeta", "sofá", "papá"]
        let n = noun.hasSuffix("s") ? String(noun.dropLast(noun.hasSuffix("es") && !noun.hasSuffix("as") ? 2 : 1)) : noun
        if masculineA.contains(n) || masculineIon.contains(n) { return false }
        return ["a", "ión", "ion", "dad", "tad", "tud", "umbre", "ie"].contains { n.hasSuffix($0) }
    }

    static func frenchIsFeminine(_ noun: String) -> Bool {
        let n = noun.hasSuffix("s") ? String(noun.dropLast()) : noun
        if ["tion", "sion", "té", "ure", "ette", "ence", "ance", "ie", "ée", "ise", "ine", "elle", "esse", "ade", "ude", "ière", "son"]
            .contains(where: { n.hasSuffix($0) }) { return !["maison"].isEmpty && n != "poison" }
        if n.hasSuffix("e"), !["age", "isme", "ème", "ège", "ste", "re", "le", "me", "phe"].contains(where: { n.hasSuffix($0) }) {
            return true
        }
        return ["femme", "mère", "table", "voiture", "chose", "porte", "ville", "lettre", "semaine", "heure"].contains(n)
    }

    /// "a el" → "al", "de el" → "del"; "de le" → "du", "à le" → "au", "le avion" → "l'avion".
    static func contract(_ text: String, language: String) -> String {
        guard language == "es" || language == "fr" else { return text }
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i], lower = w.lowercased()
            let next = i + 1 < words.count ? words[i + 1] : nil
            if let next {
                let n = next.lowercased()
                let pairs: [String: String] = language == "es" ? ["a el": "al", "de el": "del"]
                    : ["de le": "du", "à le": "au", "de les": "des", "à les": "aux"]
                if let merged = pairs["\(lower) \(n)"] {
                    out.append(w.first?.isUppercase == true ? merged.capitalized : merged)
                    i += 2
                    continue
                }
                if language == "fr", ["le", "la", "de", "je", "que", "ne", "me", "te", "se", "ce"].contains(lower),
                   let first = n.first, "aeiouéèêâîôhy".contains(first) {
                    let elided = lower == "ce" ? "c'" : String(w.dropLast()) + "'"
                    words[i + 1] = elided + next
                    i += 1
                    continue
                }
            }
            out.append(w)
            i += 1
        }
        return out.joined(separator: " ")
    }
}
