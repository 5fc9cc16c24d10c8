import Foundation

/// How follow-ups remind their owners (`reminder_hour` and `reminder_interval` in parleyd's settings).
public struct FollowUpConfiguration: Sendable {
    /// The owner's local hour of the morning when a due day's reminder goes out (0-23).
    public var reminderHour = 9
    /// Seconds between reminder passes.
    public var reminderInterval = 30.0
    /// A reminder that goes out more than this many milliseconds after its moment says it is late.
    public var lateAfter: Int64 = 10 * 60_000
    /// The most follow-ups one pass reads.
    public var passLimit = 500
    /// The owner's local hour when their daily digest of pending follow-ups goes out (nil: no digest).
    public var digestHour: Int?
    /// With a digest: a reminder more than this many milliseconds past its moment (parleyd was down
    /// long) is not sent on its own; the next digest lists the follow-up instead.
    public var digestInsteadAfter: Int64 = 6 * 3_600_000
    /// Seconds between digest passes (each reads every pending follow-up).
    public var digestInterval = 600.0

    /// Milliseconds since 1970; tests move it (a clock that jumps).
    public var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    public init() {}
}
