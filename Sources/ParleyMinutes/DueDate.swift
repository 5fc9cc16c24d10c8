/// A due date found in a sentence: the phrase as said and, when a meeting date is known, the day.
public struct DueDate: Hashable, Sendable {
    public var phrase: String
    public var day: CalendarDay?

    public init(phrase: String, day: CalendarDay?) {
        self.phrase = phrase
        self.day = day
    }
}
