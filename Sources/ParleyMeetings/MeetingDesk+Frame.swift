import Foundation
import ParleyDomain
import ParleyMinutes

extension MeetingDesk {
    /// The `minutes` frame for one language: localized minutes, Markdown, and the original.
    /// `meeting` and `version` identify it: a client shows each pair once and acknowledges it.
    func frame(_ meeting: String, version: Int64, endedAt: Int64?, minutes: Minutes, language: Language, requestID: String?) async -> [UInt8] {
        let source = minutes.language
        var localized = minutes
        var engine = "original"
        if language != source {
            let localizer = self.localizer
            localized = await minutes.mapText { text in
                let result = await localizer.localize(text, declared: source, into: [language])
                return result.renderings[language]?.text ?? text
            }
            localized.language = language
            engine = "translated"
        }
        // Encoding Codable values we built cannot fail; "{}" keeps the frame valid JSON if it ever did.
        let originalJSON = (try? Self.json(minutes)).map { Array($0.utf8) } ?? Array("{}".utf8)
        let localizedJSON = (try? Self.json(localized)).map { Array($0.utf8) } ?? Array("{}".utf8)
        var w = JSONWriter(capacity: 4096)
        w.field("type", "minutes")
        w.field("id", requestID)
        w.field("meeting", meeting)
        w.field("version", version)
        if let endedAt { w.field("endedAt", endedAt) }
        w.field("lang", language.code)
        w.field("engine", engine)
        w.field("title", localized.title)
        w.field("markdown", MinutesRenderer(labels: .forLanguage(language)).markdown(localized))
        w.field("minutes", raw: localizedJSON)
        w.object("original") { o in
            o.field("lang", source.code)
            o.field("markdown", MinutesRenderer(labels: .forLanguage(source)).markdown(minutes))
            o.field("minutes", raw: originalJSON)
        }
        return w.finish()
    }
}
