import ParleyMinutes
import Testing

@Suite struct DisfluencyFilterTests {
    let filter = DisfluencyFilter()

    @Test func annotationMarksAreRemoved() {
        #expect(filter.clean("So {vocalsound} we {disfmarker} we need <censored/> the budget {gap} .")
            == "So we need the budget.")
        #expect(filter.clean("<laugh/> Okay [inaudible] then.") == "Okay then.")
    }

    @Test func anonymisedNamesStay() {
        #expect(filter.clean("Did you reply [PERSON3]?") == "Did you reply [PERSON3]?")
    }

    @Test func englishFillersAndStuttersAreRemoved() {
        #expect(filter.clean("Um, I I think, uh, we should just just ship it, ehm.") == "I think, we should just ship it.")
        #expect(filter.clean("Mm-hmm.") == "")
        #expect(filter.clean("OK , we 're on . It does n't matter .") == "OK, we're on. It doesn't matter.")
    }

    @Test func chineseFillersAreRemoved() {
        #expect(filter.clean("嗯，我们呃下周再看。") == "我们下周再看。")
        #expect(filter.clean("额，这个金额不对啊。") == "这个金额不对。")
    }
}
