import ParleyDomain
import Testing
@testable import ParleyTranslation

@Suite("Protected spans")
struct ProtectedSpanTests {
    let scanner = ProtectedSpanScanner()

    @Test("every kind of span is found with its exact text")
    func kinds() {
        let text = "@li.wei see #rollout at https://example.com/a?b=1, mail ops@example.com, run `make test`, 20 kg, 10:30 🚀👍🏽"
        let found = scanner.spans(in: text).map { "\($0.kind.rawValue):\($0.text)" }
        #expect(found.contains("mention:@li.wei"))
        #expect(found.contains("topic:#rollout"))
        #expect(found.contains("url:https://example.com/a?b=1"))
        #expect(found.contains("email:ops@example.com"))
        #expect(found.contains("codeSpan:`make test`"))
        #expect(found.contains("number:20 kg"))
        #expect(found.contains("number:10:30"))
        #expect(found.contains("emoji:🚀👍🏽"))
    }

    @Test("a code block is one span, newlines and all")
    func codeBlock() {
        let text = "try this:\n```\nlet x = 1\n```\nthanks"
        let spans = scanner.spans(in: text)
        #expect(spans.map(\.kind) == [.codeBlock])
        #expect(spans.first?.text == "```\nlet x = 1\n```")
    }

    @Test("an e-mail address is not read as a mention")
    func emailNotMention() {
        #expect(scanner.spans(in: "write to a.b@example.org").map(\.kind) == [.email])
    }
}
