/// Puts a remembered inflection back on a translation found through its lemma: plurals for
/// nouns, and the few regular verb endings of Spanish and French; English targets get -s.
enum Inflector {
    static func apply(_ inflection: Lemmatizer.Inflection, to target: String, tag: String, language: String) -> String {
        guard !target.isEmpty else { return target }
        var words = target.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        // Inflect the head: the first word in Romance languages ("base de datos"), the last in English.
        let head = language == "en" ? words.count - 1 : 0
        let word = words[head]
        switch (inflection, language) {
        case (.plural, "es"):
            guard tag != "v" else { return target }
            words[head] = word.last.map { "aeiouáéó".contains($0) } ?? true ? word + "s" : (word.hasSuffix("z") ? word.dropLast() + "ces" : word + "es")
        case (.plural, "fr"):
            guard tag != "v" else { return target }
            words[head] = word.hasSuffix("s") || word.hasSuffix("x") ? word
                : (word.hasSuffix("eau") || word.hasSuffix("eu") ? word + "x" : (word.hasSuffix("al") ? word.dropLast(2) + "aux" : word + "s"))
        case (.past, "en"):
            // Only verbs found through a past-tense form ("отправил" → "send" → "sent").
            guard tag == "v" else { return target }
            return EnglishVerbForms.past(target)
        case (.plural, "en"):
            // English adjectives and verbs have no plural ("новые" → "new").
            guard tag != "adj", tag != "v" else { return target }
            words[head] = word.hasSuffix("s") ? word : (word.hasSuffix("y") && !word.hasSuffix("ey") ? word.dropLast() + "ies" : word + "s")
        case (.thirdPerson, "es"):
            words[head] = replaceEnding(word, ["ar": "a", "er": "e", "ir": "e"])
        case (.thirdPerson, "fr"):
            words[head] = replaceEnding(word, ["er": "e", "ir": "it", "re": ""])
        case (.past, "es"):
            words[head] = replaceEnding(word, ["ar": "ó", "er": "ió", "ir": "ió"])
        case (.past, "fr"):
            let pp = replaceEnding(word, ["er": "é", "ir": "i", "re": "u"])
            if pp != word { words[head] = "a " + pp }
        case (.gerund, "es"):
            words[head] = replaceEnding(word, ["ar": "ando", "er": "iendo", "ir": "iendo"])
        case (.gerund, "fr"):
            words[head] = replaceEnding(word, ["er": "e", "ir": "it"])
        case (.future, "es"):
            words[head] = ["ar", "er", "ir"].contains(where: word.hasSuffix) ? word + "á" : word
        case (.future, "fr"):
            words[head] = word.hasSuffix("re") ? word.dropLast() + "a" : ["er", "ir"].contains(where: word.hasSuffix) ? word + "a" : word
        case (.possessive, _):
            return target
        default:
            return target
        }
        return words.joined(separator: " ")
    }

    private static func replaceEnding(_ word: String, _ endings: [String: String]) -> String {
        for (ending, replacement) in endings where word.hasSuffix(ending) && word.count > ending.count + 1 {
            return String(word.dropLast(ending.count)) + replacement
        }
        return word
    }
}
