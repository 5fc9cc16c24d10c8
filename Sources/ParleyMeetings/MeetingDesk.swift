import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyMinutes
import ParleyStore
import Synchronization

/// Meetings: live transcripts over WebSocket (`meeting.*` frames) and uploads over HTTP, turned into
/// minutes when the meeting ends and delivered to every attendee in their language.
///
/// The store is the truth (docs/minutes.md, "What survives a restart"): a meeting is stored at
/// `meeting.start`, each utterance is appended through the group-commit writer and acknowledged
/// after its commit, and every step after `meeting.end` (minutes stored with each attendee's inbox
/// entry, then posted into the group) is stored before the next, so a restarted daemon finishes
/// what was interrupted. Minutes stay in an attendee's inbox until their client sends `meeting.ack`.
public final class MeetingDesk: Sendable {
    /// What the desk uses of the running daemon.
    public struct Services: Sendable {
        public var store: any Store
        public var hub: Hub
        public var writer: any MessageWriting
        /// Writes the languages of users who just connected, so minutes find them.
        public var flushLanguages: @Sendable () async -> Void

        public init(store: any Store, hub: Hub, writer: any MessageWriting, flushLanguages: @escaping @Sendable () async -> Void) {
            self.store = store
            self.hub = hub
            self.writer = writer
            self.flushLanguages = flushLanguages
        }
    }

    /// A live meeting as the desk checks frames against it; the store has the rest.
    struct LiveMeeting: Sendable {
        var host: UserRef
        var lastActivity: Int64
    }

    let generator: MinutesGenerator
    let localizer: any MessageLocalizing
    let silenceTimeout: Double
    let logger: Logger
    let metrics = MeetingMetrics()
    let live = Mutex<[String: LiveMeeting]>([:])
    /// Meetings whose minutes are being made right now (by `meeting.end`, silence or a retry).
    let concluding = Mutex<Set<String>>([])
    private let services = Mutex<Services?>(nil)
    /// Told of every meeting whose minutes are stored (follow-ups are made from their action items).
    private let minutesObservers = Mutex<[@Sendable (Meeting, Minutes) async -> Void]>([])
    private let lanes = RequestLanes()

    public init(generator: MinutesGenerator, localizer: any MessageLocalizing, silenceTimeout: Double, logger: Logger) {
        self.generator = generator
        self.localizer = localizer
        self.silenceTimeout = silenceTimeout
        self.logger = logger
    }

    /// Binds the desk to the running daemon, loads the live meetings from the store and starts the
    /// loop that closes silent meetings and finishes interrupted ones.
    public func attach(_ services: Services) async throws {
        let open = try await services.store.unfinishedMeetings().filter { $0.state == .live }
        live.withLock { meetings in
            for m in open { meetings[m.id] = LiveMeeting(host: m.host, lastActivity: m.lastActivity) }
        }
        self.services.withLock { $0 = services }
        if !open.isEmpty { logger.info("live meetings resumed", metadata: ["meeting.count": "\(open.count)"]) }
        let period = max(0.2, min(silenceTimeout / 4, 5))
        Task { [weak self] in
            while let self, self.services.withLock({ $0 != nil }) {
                await self.tick()
                try? await Task.sleep(for: .seconds(period))
            }
        }
    }

    public func detach() {
        services.withLock { $0 = nil }
        lanes.finish()
    }

    var attached: Services? { services.withLock { $0 } }

    /// Calls `observer` each time a meeting's minutes are concluded: when they are first stored, and
    /// again when a restart or a retry concludes them once more (observers must be idempotent).
    public func observeMinutes(_ observer: @escaping @Sendable (Meeting, Minutes) async -> Void) {
        minutesObservers.withLock { $0.append(observer) }
    }

    func minutesConcluded(_ meeting: Meeting, _ minutes: Minutes) async {
        for observer in minutesObservers.withLock({ $0 }) { await observer(meeting, minutes) }
    }

    // MARK: Frames

    /// Handles one `meeting.*` frame. Frames of one user are handled in the order they arrived
    /// (an utterance is queued for the store before the `meeting.end` after it), off the hub's threads.
    /// Requests with no order to keep (reading and acknowledging minutes, which every attendee sends)
    /// run at once, so only hosts ever get a lane.
    public func handle(_ request: MeetingRequest, requestID: String?, from identity: Identity, session: String, reply: ExtensionReplier) {
        let job: RequestLanes.Job = { [self] in
            do throws(ProtocolError) {
                try await self.dispatch(request, requestID: requestID, from: identity, reply: reply)
            } catch {
                var e = error
                e.requestID = requestID
                if e.code == .internalError {
                    // Never the frame's text: only what identifies the request.
                    self.logger.error("meeting request failed", metadata: ["meeting.request": "\(request.kind)", "hub.session.id": "\(session)",
                                                                           "meeting.error": "\(e.message)"])
                }
                reply(ServerFrames.error(e))
            }
        }
        switch request {
        case .start, .utterance, .end, .correct: lanes.submit(identity.user, job)
        case .minutes, .ack: Task { await job() }
        }
    }

    private func dispatch(_ request: MeetingRequest, requestID: String?, from identity: Identity, reply: ExtensionReplier) async throws(ProtocolError) {
        guard let services = attached else { throw ProtocolError(.internalError, "meetings are not running (the daemon is stopping)") }
        switch request {
        case .start(let start):
            let id = try await self.start(start, host: identity, services)
            reply(ServerFrames.reply("meeting.started", requestID: requestID, MeetingReplies.Started(meeting: id)))
        case .utterance(let meeting, let clientID, let speaker, let text, let start, let end):
            try note(UtteranceAppend(meeting: meeting, clientID: clientID, speaker: speaker, text: text, start: start, end: end),
                     host: identity.user, requestID: requestID, services, reply: reply)
        case .end(let meeting):
            try await end(meeting, host: identity.user, requestID: requestID, services, reply: reply)
        case .minutes(let meeting, let language):
            try await resend(meeting, to: identity, language: language, requestID: requestID, services, reply: reply)
        case .correct(let meeting, let frame):
            try await correct(meeting, frame: frame, host: identity.user, requestID: requestID, services, reply: reply)
        case .ack(let meeting, let version):
            do { try await services.store.acknowledgeMinutes(identity.user, meeting: meeting, version: version) } catch {
                throw failure("acknowledge", meeting: meeting, user: identity.user, error)
            }
            reply(ServerFrames.reply("meeting.acked", requestID: requestID, MeetingReplies.Versioned(meeting: meeting, version: version)))
        }
    }

    /// A store error on a meeting: logged with the meeting and the user, counted, and turned into
    /// an `internal` error for whoever asked.
    func failure(_ step: String, meeting: String, user: UserRef? = nil, _ error: any Error) -> ProtocolError {
        metrics.storeFailure(step)
        logger.error("meeting store write failed", metadata: ["meeting.id": "\(meeting)", "meeting.step": "\(step)",
                                                                "meeting.user": "\(user?.description ?? "-")", "store.error": "\(error)"])
        return ProtocolError(.internalError, "could not \(step) for meeting \(meeting): \(error)")
    }

    static func now() -> Int64 { StoreClock.now() }
}
