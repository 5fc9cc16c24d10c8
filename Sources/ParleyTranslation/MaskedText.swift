/// A message prepared for a hook: protected spans and glossary terms replaced by placeholders
/// ("ZX0QZ") that MT engines pass through as unknown words, and the text each one restores to.
struct MaskedText: Sendable {
    var text: String
    /// Restored text per placeholder, in order.
    var restorations: [String]

    static func placeholder(_ index: Int) -> String { "ZX\(index)QZ" }

    /// Masks `spans` and every glossary term occurrence found by `glossaryUnits`.
    init(_ original: String, spans: [ProtectedSpan], glossary: [(range: Range<String.Index>, target: String)]) {
        var pieces: [(Range<String.Index>, String)] = spans.map { ($0.range, String($0.text)) }
        for g in glossary where !pieces.contains(where: { $0.0.overlaps(g.range) }) { pieces.append((g.range, g.target)) }
        pieces.sort { $0.0.lowerBound < $1.0.lowerBound }
        var text = ""
        var restorations: [String] = []
        var cursor = original.startIndex
        for (range, restore) in pieces {
            text += original[cursor..<range.lowerBound]
            text += Self.placeholder(restorations.count)
            restorations.append(restore)
            cursor = range.upperBound
        }
        text += original[cursor...]
        self.text = text
        self.restorations = restorations
    }

    /// Puts the restorations back; nil when the engine lost or duplicated a placeholder.
    func restore(in translated: String) -> String? {
        var result = translated
        for (index, restore) in restorations.enumerated() {
            let marker = Self.placeholder(index)
            let parts = result.components(separatedBy: marker)
            guard parts.count == 2 else { return nil }
            result = parts[0] + restore + parts[1]
        }
        return result
    }

    /// The text between placeholders, for translating piece by piece when placeholders were lost.
    var chunks: [(text: String, restoreAfter: String?)] {
        var result: [(String, String?)] = []
        var rest = Substring(text)
        for (index, restore) in restorations.enumerated() {
            let marker = Self.placeholder(index)
            guard let r = rest.range(of: marker) else { break }
            result.append((String(rest[..<r.lowerBound]), restore))
            rest = rest[r.upperBound...]
        }
        result.append((String(rest), nil))
        return result
    }
}
