/// French and Italian elided words ("j'ai", "l'avion", "qu'il") split after the apostrophe, so
/// "j'" and "ai" are looked up separately, both in the text and in dictionary keys.
enum Elision {
    static let prefixes: Set<String> = ["l", "d", "j", "m", "t", "s", "n", "c", "qu", "jusqu", "lorsqu", "puisqu"]

    /// The split point (just after the apostrophe) for an elided word, nil otherwise.
    static func splitIndex(in word: Substring, language: String) -> String.Index? {
        guard language == "fr" || language == "it",
              let apostrophe = word.firstIndex(where: { $0 == "'" || $0 == "’" }) else { return nil }
        let prefix = word[..<apostrophe].lowercased()
        let after = word.index(after: apostrophe)
        guard prefixes.contains(prefix), after < word.endIndex else { return nil }
        return after
    }

    /// "j'ai mangé" → "j' ai mangé" (keys only).
    static func spacedKey(_ key: String, language: String) -> String {
        guard language == "fr" || language == "it", key.contains("'") || key.contains("’") else { return key }
        return key.split(separator: " ").map { word -> String in
            guard let index = splitIndex(in: word, language: language) else { return String(word) }
            return word[..<index] + " " + word[index...]
        }.joined(separator: " ")
    }
}
