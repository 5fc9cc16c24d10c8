import ParleyDomain
import ParleyMinutes
import Testing

@Suite struct DecisionTests {
    @Test func englishDecisionsLinkToTheirUtterance() throws {
        let decisions = try Fixtures.minutes(Fixtures.english).decisions
        #expect(decisions.map(\.utterance) == [2, 8])
        #expect(decisions.map(\.speaker) == ["Alice", "Bob"])
        #expect(decisions[0].text == "Then we decided to delay the launch of the mobile app by one week.")
    }

    @Test func undecidedIsNotADecision() throws {
        let text = "Alice: We haven't decided on the vendor yet.\nBob: Do we agree on the price?\n"
        #expect(try Fixtures.minutes(text).decisions.isEmpty)
    }

    @Test func chineseDecisions() throws {
        let minutes = try Fixtures.minutes(Fixtures.chinese, language: .chinese)
        #expect(minutes.decisions.map(\.utterance) == [2])
        #expect(minutes.openQuestions.map(\.utterance) == [6])
    }

    @Test func openQuestionsAreKept() throws {
        let minutes = try Fixtures.minutes(Fixtures.english)
        #expect(minutes.openQuestions.map(\.text) == ["Who will pay for the extra testing devices?"])
    }
}
