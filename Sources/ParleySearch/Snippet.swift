import Foundation

/// A short excerpt of a message around its first match, with the matched words' ranges (UTF-16
/// offsets into the excerpt, as JavaScript counts). Pure.
struct Snippet {
    var text: String
    var highlights: [Range<Int>]

    static let radius = 60

    static func make(_ text: String, words: [String]) -> Snippet {
        let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive]
        var ranges: [Range<String.Index>] = []
        for word in words where !word.isEmpty {
            var from = text.startIndex
            while from < text.endIndex, let r = text.range(of: word, options: options, range: from..<text.endIndex) {
                ranges.append(r)
                from = r.upperBound
            }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        let first = ranges.first?.lowerBound ?? text.startIndex
        let start = text.index(first, offsetBy: -radius, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(first, offsetBy: radius * 2, limitedBy: text.endIndex) ?? text.endIndex
        let prefix = start > text.startIndex ? "…" : ""
        let excerpt = prefix + text[start..<end] + (end < text.endIndex ? "…" : "")
        let base = prefix.utf16.count - text.utf16.distance(from: text.utf16.startIndex, to: start)
        var marks: [Range<Int>] = []
        for r in ranges where r.lowerBound >= start && r.upperBound <= end {
            let lower = text.utf16.distance(from: text.utf16.startIndex, to: r.lowerBound) + base
            let upper = text.utf16.distance(from: text.utf16.startIndex, to: r.upperBound) + base
            // Touching or overlapping matches are one mark ("挖掘" + "机" is "挖掘机").
            if let last = marks.last, lower <= last.upperBound {
                marks[marks.count - 1] = last.lowerBound..<max(last.upperBound, upper)
            } else {
                marks.append(lower..<upper)
            }
        }
        return Snippet(text: excerpt, highlights: marks)
    }
}
