import Foundation
import Logging
import ParleyDomain
import ParleyHub
import ParleyStore
import Synchronization

/// Follow-ups: action items that are tracked until done and accepted. Made from every meeting's
/// minutes (`minutesConcluded`) or sent in by other systems (`POST /api/v1/followups`), listed with
/// `followups` and changed with `followup.update` by their owner and their requester, each change
/// kept in their history and pushed to both. docs/protocol.md, "Follow-ups".
///
/// A `Feature`: the daemon lists it, and the hub and the HTTP API route its frames and routes here.
public final class FollowUpDesk: Feature {
    /// What the desk works with once the daemon's store and hub exist.
    public struct Services: Sendable {
        public var store: any Store & FollowUpStoring
        public var hub: Hub
        public init(store: any Store & FollowUpStoring, hub: Hub) {
            self.store = store
            self.hub = hub
        }
    }

    let localizer: any MessageLocalizing
    let configuration: FollowUpConfiguration
    let logger: Logger
    /// Milliseconds since 1970 (tests move it).
    let now: @Sendable () -> Int64
    private let services = Mutex<Services?>(nil)
    /// Told of every creation and change (webhooks send them out).
    private let changeObservers = Mutex<[@Sendable (String, FollowUp) async -> Void]>([])
    /// How often a change is retried when another node changed the same follow-up in between.
    static let replaceAttempts = 5

    public init(localizer: any MessageLocalizing, configuration: FollowUpConfiguration = FollowUpConfiguration(), logger: Logger,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.localizer = localizer
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    /// Binds the desk to the daemon's store and hub and starts the reminder passes.
    public func attach(_ services: Services) {
        self.services.withLock { $0 = services }
        startReminders()
    }
    public func detach() { services.withLock { $0 = nil } }
    public func stop() async { detach() }

    /// Calls `observer` with "created" or "updated" and the follow-up after each change is stored.
    public func observeChanges(_ observer: @escaping @Sendable (String, FollowUp) async -> Void) {
        changeObservers.withLock { $0.append(observer) }
    }
    var attached: Services? { services.withLock { $0 } }

    // MARK: Feature

    public var frameTypes: Set<String> { FollowUpRequest.frameTypes }
    public var routes: [FeatureRoute] { [Self.listRoute, Self.createRoute] }
    static let listRoute = FeatureRoute("GET", "/api/v1/followups")
    static let createRoute = FeatureRoute("POST", "/api/v1/followups")

    public func handle(_ frame: FeatureFrame, from identity: Identity, reply: ExtensionReplier) async {
        do throws(ProtocolError) {
            guard let services = attached else { throw ProtocolError(.internalError, "follow-ups are not running (the daemon is stopping)") }
            switch try FollowUpRequest.parse(frame, tenant: identity.user.tenant) {
            case .list(let listing):
                let items = try await list(listing, for: identity, services)
                let views = await items.asyncMap { await self.view($0, for: identity.language) }
                reply(ServerFrames.reply(FollowUpRequest.listType, requestID: frame.requestID, FollowUpList(followups: views)))
            case .update(let id, let action):
                let item = try await update(id, action, by: identity.user, services)
                reply(ServerFrames.reply("followup", requestID: frame.requestID, FollowUpReply(followup: await view(item, for: identity.language))))
                await tell(item.parties.subtracting([identity.user]), event: "updated", item, services)
            }
        } catch {
            var e = error
            e.requestID = frame.requestID
            reply(ServerFrames.error(e))
        }
    }

    public func handle(_ request: HTTPRequest, route: FeatureRoute, parameters: [String: String], identity: Identity) async -> HTTPResponse {
        guard let services = attached else { return .error(503, .unavailable, "follow-ups are not running (the daemon is stopping)") }
        do throws(ProtocolError) {
            if route == Self.createRoute { return try await create(request.body, by: identity, services) }
            let items = try await list(FollowUpListing(), for: identity, services)
            return .json(200, FollowUpList(followups: await items.asyncMap { await self.view($0, for: identity.language) }))
        } catch {
            return .error(error.code.httpStatus, error.code, error.message)
        }
    }

    // MARK: Reading and changing

    func list(_ listing: FollowUpListing, for identity: Identity, _ services: Services) async throws(ProtocolError) -> [FollowUp] {
        let user = identity.user
        let scope: FollowUpQuery.Scope
        if let id = listing.meeting {
            let meeting = try await read { try await services.store.meeting(id) }
            guard let meeting, meeting.host == user || meeting.attendees.contains(user) else {
                throw ProtocolError(.forbidden, "you did not attend meeting \(id)")
            }
            scope = .meeting(id)
        } else if let id = listing.conversation {
            let conversation = try await read { try await services.store.conversation(id) }
            guard let conversation, AccessPolicy.checkRead(user, conversation) == nil else {
                throw ProtocolError(.forbidden, "you are not a member of conversation \(id)")
            }
            scope = .conversation(id)
        } else {
            scope = .involving(user)
        }
        let query = FollowUpQuery(tenant: user.tenant, scope: scope, statuses: listing.statuses, dueBy: listing.dueBy)
        return try await read { try await services.store.followUps(query) }
    }

    /// Applies `action` to what the store holds; when another node changed it in between, reads it again.
    func update(_ id: String, _ action: FollowUpAction, by user: UserRef, _ services: Services) async throws(ProtocolError) -> FollowUp {
        for _ in 0..<Self.replaceAttempts {
            guard let stored = try await read({ try await services.store.followUp(id) }), stored.tenant == user.tenant else {
                throw ProtocolError(.notFound, "no follow-up \(id)")
            }
            let changed = try action.apply(to: stored, by: user, at: max(now(), stored.updatedAt + 1)).get()
            if try await read({ try await services.store.replaceFollowUp(changed, expectedUpdatedAt: stored.updatedAt) }) {
                logger.debug("follow-up changed", metadata: ["followup.id": "\(id)", "followup.status": "\(changed.status.rawValue)"])
                return changed
            }
        }
        throw ProtocolError(.conflict, "follow-up \(id) keeps changing under this request; try again")
    }

    /// Pushes a `followup` frame to each of `users`' open sessions, in their language.
    func tell(_ users: Set<UserRef>, event: String, _ item: FollowUp, _ services: Services) async {
        for observer in changeObservers.withLock({ $0 }) { await observer(event, item) }
        for user in users {
            let language = ((try? await services.store.settings(for: user)) ?? nil)?.language ?? item.language
            let payload = ServerFrames.reply("followup", requestID: nil, FollowUpReply(event: event, followup: await view(item, for: language)))
            services.hub.push(payload, to: user)
        }
    }

    func view(_ item: FollowUp, for language: Language) async -> FollowUpView {
        guard language != item.language else { return FollowUpView(item, rendering: nil) }
        let result = await localizer.localize(item.text, declared: item.language, into: [language], names: [:], tenant: item.tenant)
        return FollowUpView(item, rendering: result.renderings[language])
    }

    /// A store call whose failure the user sees as `internal`, with the store's reason.
    func read<T>(_ body: () async throws -> T) async throws(ProtocolError) -> T {
        do { return try await body() } catch {
            logger.warning("follow-up store call failed", metadata: ["store.error": "\(error)"])
            throw ProtocolError(.internalError, "the follow-ups could not be read or written: \(error)")
        }
    }
}

extension Array where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for element in self { out.append(await transform(element)) }
        return out
    }
}
