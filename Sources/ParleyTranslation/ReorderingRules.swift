import ParleyDomain

/// The few reorderings a dictionary engine can do safely, by pair, on tagged units:
/// adjective-noun order between English and Romance languages, and Chinese 的 and measure words.
enum ReorderingRules {
    static let romance: Set<String> = ["es", "fr", "it", "pt", "ca", "ro"]
    /// Chinese words after which a measure word carries no meaning in English.
    static let quantifiers: Set<String> = ["这", "那", "哪", "几", "每", "一", "两", "某", "整", "多少", "这些", "那些"]

    static func apply(to units: [TranslationUnit], pair: LanguagePair) -> [TranslationUnit] {
        var units = units
        let s = pair.source.code, t = pair.target.code
        if s == "en" && romance.contains(t) {
            swapAdjacent(&units, first: "adj", second: "n")
        } else if romance.contains(s) && t == "en" {
            swapAdjacent(&units, first: "n", second: "adj")
        } else if s == "zh" && !LanguagePair.isUnspaced(pair.target) {
            chineseParticles(&units)
        }
        return units
    }

    /// "big house" → "house big" (then rendered "casa grande"), and the reverse for Romance → English.
    private static func swapAdjacent(_ units: inout [TranslationUnit], first: String, second: String) {
        var i = 0
        while i + 1 < units.count {
            // Domain terms ("excavator", "hydraulic pump") are nouns.
            func tag(_ u: TranslationUnit) -> String { u.tag == "term" ? "n" : u.tag }
            if tag(units[i]) == first, tag(units[i + 1]) == second, units[i].kind == .phrase, units[i + 1].kind == .phrase,
               units[i + 1].spaceBefore {
                let space = units[i].spaceBefore
                units.swapAt(i, i + 1)
                units[i].spaceBefore = space
                units[i + 1].spaceBefore = true
                i += 2
            } else {
                i += 1
            }
        }
    }

    /// 的 after a noun or pronoun becomes "'s"; after anything else it is dropped. A measure word
    /// after a number or demonstrative is dropped ("三台挖掘机" → "three excavators" minus plural).
    private static func chineseParticles(_ units: inout [TranslationUnit]) {
        for i in units.indices {
            let previous = i > 0 ? units[i - 1] : nil
            if units[i].source == "的" || units[i].source == "之" {
                if let p = previous, p.tag == "n", p.kind == .phrase || p.kind == .glossary, i + 1 < units.count,
                   units[i + 1].tag == "n" {
                    units[i].target = "'s"
                    units[i].spaceBefore = false
                    units[i].origin = "rule:的-possessive"
                } else {
                    units[i].target = ""
                    units[i].origin = "rule:的-dropped"
                }
            } else if units[i].tag == "mw", let p = previous,
                      p.tag == "num" || p.kind == .protected || quantifiers.contains(p.source) {
                units[i].target = ""
                units[i].origin = "rule:measure-word"
            }
        }
    }
}
