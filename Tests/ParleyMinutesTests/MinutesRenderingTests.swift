import Foundation
import ParleyDomain
import ParleyMinutes
import Testing

@Suite struct MinutesRenderingTests {
    @Test func mapTextReachesEveryContentString() async throws {
        let minutes = try Fixtures.minutes(Fixtures.english)
        let mapped = await minutes.mapText { "<" + $0 + ">" }
        #expect(mapped.contentStrings.count == minutes.contentStrings.count)
        #expect(mapped.contentStrings.allSatisfy { $0.hasPrefix("<") && $0.hasSuffix(">") })
        #expect(mapped.actionItems.map(\.owner) == minutes.actionItems.map(\.owner))
        #expect(mapped.actionItems.map(\.due) == minutes.actionItems.map(\.due))
    }

    @Test(arguments: [("en", "## Action items"), ("zh", "## 待办事项"), ("es", "## Tareas"), ("fr", "## Actions")])
    func markdownLabels(code: String, heading: String) throws {
        let minutes = try Fixtures.minutes(Fixtures.english)
        let markdown = MinutesRenderer(labels: .forLanguage(Language(code))).markdown(minutes)
        #expect(markdown.contains(heading))
        #expect(markdown.contains("2025-11-28"))
        #expect(markdown.contains("Bob, #3"))
    }

    @Test func jsonHasSummarySentencesAndRoundTrips() throws {
        let minutes = try Fixtures.minutes(Fixtures.english)
        let data = try JSONEncoder().encode(minutes)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["summary"] is [String])
        #expect((object["date"] as? String) == "2025-11-26")
        #expect(try JSONDecoder().decode(Minutes.self, from: data) == minutes)
    }
}
