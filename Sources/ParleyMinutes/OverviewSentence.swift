import ParleyDomain

/// The summary's opening sentence, naming the meeting's main topics in the meeting's language
/// ("The meeting discussed pricing, onboarding and hiring." / "本次会议主要讨论了定价、入职和招聘。").
struct OverviewSentence {
    let language: Language

    func sentence(topics: [String]) -> (text: String, units: Int)? {
        guard !topics.isEmpty else { return nil }
        let text: String
        switch language.code {
        case "zh": text = "本次会议主要讨论了\(list(topics, comma: "、", and: "和"))。"
        case "es": text = "La reunión trató sobre \(list(topics, comma: ", ", and: " y "))."
        case "fr": text = "La réunion a porté sur \(list(topics, comma: ", ", and: " et "))."
        default: text = "The meeting discussed \(list(topics, comma: ", ", and: " and "))."
        }
        let units = MeetingAnalysis.countsCharacters(language)
            ? text.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.count
            : text.split(separator: " ").count
        return (text, units)
    }

    private func list(_ items: [String], comma: String, and: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: comma) + and + items.last!
    }
}
