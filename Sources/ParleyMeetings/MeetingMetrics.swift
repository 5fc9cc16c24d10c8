import Metrics

/// What `/metrics` shows of meetings: store failures by step, minutes stored and delivered.
struct MeetingMetrics: Sendable {
    let minutesStored = Counter(label: "parley_meeting_minutes_stored_total")
    let minutesPushed = Counter(label: "parley_meeting_minutes_pushed_total")
    let utterancesStored = Counter(label: "parley_meeting_utterances_stored_total")

    /// `step`: start, utterance, end, minutes, post, acknowledge, inbox.
    func storeFailure(_ step: String) {
        Counter(label: "parley_meeting_store_failures_total", dimensions: [("step", step)]).increment()
    }
}
