import Foundation
import Logging
import ParleyDomain

extension HubCore {
    /// Handles one complete inbound text frame.
    func handle(frame: [UInt8], from session: Session) {
        if session.authenticating && session.identity == nil {
            // A client may send right after connecting with ?token=; keep its frames in order.
            if session.held.count < 64 { session.held.append(frame) } else {
                send(ProtocolError(.rateLimited, "too many frames before authentication finished; frame dropped"), to: session)
            }
            return
        }
        switch parser.parse(Data(frame)) {
        case .failure(let error):
            send(error, to: session)
        case .success(let parsed):
            if case .hello(let version, let token) = parsed {
                hello(session, version: version, token: token)
                return
            }
            guard let identity = session.identity else {
                send(ProtocolError(.unauthenticated, "say hello with a token first"), to: session)
                return
            }
            dispatch(parsed, from: session, identity: identity)
        }
    }

    private func hello(_ session: Session, version: Int, token: String?) {
        guard version == ClientFrame.protocolVersion else {
            send(ProtocolError(.unsupportedVersion, "this server speaks protocol version \(ClientFrame.protocolVersion), not \(version)"), to: session)
            return
        }
        if session.identity != nil || session.authenticating {
            send(ProtocolError(.badFrame, "this session already said hello"), to: session)
            return
        }
        guard let token, !token.isEmpty else {
            send(ProtocolError(.unauthorized, "hello needs a token"), to: session)
            close(session, .unauthorized, "missing token")
            return
        }
        authenticate(session, token: token, requestID: nil)
    }

    func authenticate(_ session: Session, token: String, requestID: String?) {
        session.authenticating = true
        let id = session.id
        let backend = self.backend
        Task {
            let result = await backend.authenticate(token: token)
            var arrival = Arrival(summaries: [], settings: nil, frames: [])
            if case .success(let identity) = result { arrival = await backend.arrival(of: identity) }
            let loaded = arrival
            self.mailbox.post { core in
                core.authenticated(id, result, summaries: loaded.summaries,
                                   settings: loaded.settings.map { SavedSettings(language: $0.language, translate: $0.translate) })
                if let s = core.sessions[id], s.identity != nil { for frame in loaded.frames { core.send(frame, to: s) } }
            }
        }
    }

    private func authenticated(_ id: UInt64, _ result: Result<Identity, ProtocolError>, summaries: [ConversationSummary], settings: SavedSettings?) {
        guard let session = sessions[id] else { return }
        session.authenticating = false
        switch result {
        case .failure(let error):
            session.held = []
            send(error, to: session)
            close(session, .unauthorized, error.message)
        case .success(var identity):
            identity.language = settings?.language ?? identity.language
            session.identity = identity
            session.language = identity.language
            session.translate = settings?.translate ?? true
            sessionsByUser[identity.user, default: []].append(id)
            let welcome = Replies.Welcome(session: "s-\(id)", identity: identity, translate: session.translate, conversations: summaries)
            send(ServerFrames.welcome(welcome), to: session)
            let held = session.held
            session.held = []
            for frame in held { handle(frame: frame, from: session) }
        }
    }

    private func dispatch(_ frame: ClientFrame, from session: Session, identity: Identity) {
        switch frame {
        case .hello:
            break
        case .ping(let requestID):
            send(ServerFrames.reply("pong", requestID: requestID), to: session)
        case .subscribe(let requestID, let conversation, let topics, let since):
            subscribe(session, identity: identity, requestID: requestID, conversation: conversation, topics: topics, since: since)
        case .unsubscribe(let requestID, let conversation):
            unsubscribe(session, from: conversation)
            send(ServerFrames.reply("unsubscribed", requestID: requestID, Replies.ConversationRef(conversation: conversation)), to: session)
        case .send(let clientID, let conversation, let topic, let text, let language, let replyTo, let mentions, let attachments):
            post(session, identity: identity, clientID: clientID, conversation: conversation, topic: topic, text: text, language: language,
                 replyTo: replyTo, mentions: mentions, attachments: attachments)
        case .typing(_, let conversation):
            typing(session, identity: identity, conversation: conversation)
        case .messageAction(let action, let requestID):
            act(session, identity: identity, action: action, requestID: requestID)
        case .history(let requestID, let conversation, let before, let limit, let topic):
            guard readable(conversation, by: identity, requestID: requestID, session: session) else { return }
            history(session, requestID: requestID, conversation: conversation, before: before, limit: limit, topic: topic)
        case .topics(let requestID, let conversation):
            guard readable(conversation, by: identity, requestID: requestID, session: session) else { return }
            respond(session, kind: "topics", requestID: requestID) { backend in
                ServerFrames.reply("topics", requestID: requestID,
                                   Replies.Topics(conversation: conversation, topics: try await backend.topics(conversation: conversation)))
            }
        case .read(let requestID, let conversation, let seq):
            guard readable(conversation, by: identity, requestID: requestID, session: session) else { return }
            // A mark past the newest message is clamped to it (docs/protocol.md, "Field ranges").
            let seq = min(seq, newestSeq(conversation))
            respond(session, kind: "read", requestID: requestID) { backend in
                let unread = try await backend.markRead(identity.user, conversation: conversation, seq: seq)
                return ServerFrames.reply("read", requestID: requestID, Replies.Read(conversation: conversation, seq: seq, unread: unread))
            }
        case .conversations(let requestID):
            respond(session, kind: "conversations", requestID: requestID) { backend in
                ServerFrames.reply("conversations", requestID: requestID, Replies.Conversations(try await backend.summaries(for: identity.user)))
            }
        case .direct(let requestID, let user):
            openDirect(session, identity: identity, requestID: requestID, user: user)
        case .settings(let requestID, let language, let translate):
            if let language { session.language = language; session.identity?.language = language }
            if let translate { session.translate = translate }
            let (lang, tr) = (session.language, session.translate)
            let user = identity.user
            respond(session, kind: "settings", requestID: requestID) { backend in
                try await backend.saveSettings(for: user, language: lang, translate: tr)
                return ServerFrames.reply("settings", requestID: requestID, Replies.Settings(lang: lang.code, translate: tr))
            }
        case .meeting(let request, let requestID):
            let (backend, replier, id) = (self.backend, replier(for: session), session.id)
            Task { await backend.handleMeeting(request, requestID: requestID, from: identity, session: "s-\(id)", reply: replier) }
        case .search(let request, let requestID):
            let (backend, replier) = (self.backend, replier(for: session))
            let reader = SearchReader(identity: identity, language: session.translate ? session.language : nil)
            Task { await backend.handleSearch(request, requestID: requestID, from: reader, reply: replier) }
        case .translation(let request, let requestID):
            let (backend, replier) = (self.backend, replier(for: session))
            Task { await backend.handleTranslation(request, requestID: requestID, from: identity, reply: replier) }
        case .feature(let frame):
            let (backend, replier) = (self.backend, replier(for: session))
            Task { await backend.handleFeature(frame, from: identity, reply: replier) }
        }
    }

    /// Sends a feature's replies to `session` through this shard's mailbox (from any thread).
    private func replier(for session: Session) -> ExtensionReplier {
        let (id, mailbox) = (session.id, self.mailbox!)
        return ExtensionReplier { payload in
            mailbox.post { core in if let s = core.sessions[id] { core.send(payload, to: s) } }
        }
    }

    /// Checks membership against the directory; sends `forbidden` and returns false otherwise.
    func readable(_ conversation: String, by identity: Identity, requestID: String?, session: Session) -> Bool {
        guard let c = directory[conversation] else {
            send(ProtocolError(.forbidden, "you are not a member of conversation \(conversation)", requestID: requestID), to: session)
            return false
        }
        if let refusal = AccessPolicy.checkRead(identity.user, c) {
            send(ProtocolError(.forbidden, refusal.reason, requestID: requestID), to: session)
            return false
        }
        return true
    }

    /// Runs a backend call off the service thread and sends its reply (or an `internal` error).
    func respond(_ session: Session, kind: String, requestID: String?, _ work: @escaping @Sendable (any HubBackend) async throws -> [UInt8]) {
        let id = session.id
        let backend = self.backend
        let logger = self.logger
        Task {
            let payload: [UInt8]
            do { payload = try await work(backend) } catch {
                Self.logInternal(logger, kind: kind, session: id, error)
                payload = ServerFrames.error(ProtocolError(.internalError, "\(error)", requestID: requestID))
            }
            self.mailbox.post { core in if let s = core.sessions[id] { core.send(payload, to: s) } }
        }
    }

    private func post(_ session: Session, identity: Identity, clientID: String, conversation: String, topic: String?, text: String,
                      language: Language?, replyTo: Int64? = nil, mentions: [String] = [], attachments: [String] = []) {
        guard let c = directory[conversation] else {
            send(ProtocolError(.forbidden, "you are not a member of conversation \(conversation)", requestID: clientID), to: session)
            return
        }
        if let refusal = AccessPolicy.checkPost(identity.user, c, topic: topic) {
            send(ProtocolError(.forbidden, refusal.reason, requestID: clientID), to: session)
            return
        }
        var payload: String?
        if !mentions.isEmpty {
            // Kept as structured references beside the text, which translation may change.
            switch MentionList.resolve(mentions, in: c, defaultTenant: identity.user.tenant) {
            case .failure(let refusal):
                send(ProtocolError(.badFrame, refusal.reason, requestID: clientID), to: session)
                return
            case .success(let resolved):
                payload = resolved.payload
            }
        }
        var message = OutgoingMessage(conversation: conversation, topic: topic, sender: identity.user, senderName: identity.name,
                                      clientID: clientID, text: text, language: language ?? identity.language, payload: payload, target: replyTo)
        // The store's writer checks and attaches them in the message's transaction.
        message.attachments = attachments
        appends.append((message, session.id))
        session.rememberSent(message.clientID)
    }

    /// `edit`, `delete`, `react`: queued for the writer as an event of the conversation (a message of
    /// kind edit, delete or reaction with a `target`), so acks, fan-out, catch-up and cluster hints
    /// carry it as they carry messages. Who may act on the target is decided in the store's
    /// transaction (`AccessPolicy.checkAction`); a refusal comes back as the writer's rejection.
    private func act(_ session: Session, identity: Identity, action: MessageAction, requestID: String?) {
        guard readable(action.conversation, by: identity, requestID: requestID, session: session) else { return }
        // The id is the action's idempotency key, as a send's: a retry gets the same ack.
        let clientID = requestID ?? "\(action.kind.rawValue)-\(session.id)-\(UInt64.random(in: 0...UInt64.max))"
        let event = OutgoingMessage(conversation: action.conversation, topic: nil, sender: identity.user, senderName: identity.name,
                                    clientID: clientID, text: action.text, language: session.language, kind: action.kind,
                                    target: action.target, adminOf: identity.isAdmin ? identity.user.tenant : nil,
                                    editableSince: configuration.editWindow.map { Int64((Self.now() - $0) * 1000) })
        appends.append((event, session.id))
        session.rememberSent(clientID)
    }

    /// `typing`: passed on to the conversation's other subscribers on every shard of this node,
    /// never stored; dropped silently in conversations over `typingMaxMembers` members, from
    /// non-members, and more often than once per `typingInterval` per session and conversation.
    private func typing(_ session: Session, identity: Identity, conversation: String) {
        guard let c = directory[conversation], AccessPolicy.checkRead(identity.user, c) == nil,
              c.members.count <= configuration.typingMaxMembers else { return }
        let now = Self.now()
        if let last = session.typingAt[conversation], now - last < configuration.typingInterval { return }
        session.typingAt[conversation] = now
        var w = JSONWriter()
        w.field("type", "typing")
        w.field("conversation", conversation)
        w.object("user") { u in
            u.field("id", identity.user.id)
            if identity.user.tenant != c.tenant { u.field("tenant", identity.user.tenant) }
            u.field("name", identity.name)
        }
        let frame = w.finish()
        let typist = identity.user
        passOnTyping(frame, conversation: conversation, from: typist)
        group.broadcast(skipping: shard) { core in core.passOnTyping(frame, conversation: conversation, from: typist) }
    }

    func passOnTyping(_ frame: [UInt8], conversation: String, from typist: UserRef) {
        for subscription in subscribers[conversation] ?? [] where subscription.session.identity?.user != typist {
            send(frame, to: subscription.session)
        }
    }

    private func history(_ session: Session, requestID: String?, conversation: String, before: Int64?, limit: Int, topic: String?) {
        let id = session.id
        let backend = self.backend
        let localizer = self.localizer
        let target = session.translate ? session.language : nil
        let tenant = directory[conversation].flatMap(AccessPolicy.memoryTenant)
        Task {
            do {
                let page = try await backend.history(conversation: conversation, before: before, limit: limit, topic: topic)
                let rendered = await Self.render(page.messages, into: target, tenant: tenant, localizer: localizer)
                var w = JSONWriter()
                w.field("type", "history")
                w.field("id", requestID)
                w.field("conversation", conversation)
                var list: [UInt8] = [UInt8(ascii: "[")]
                for (i, item) in rendered.enumerated() {
                    if i > 0 { list.append(UInt8(ascii: ",")) }
                    list.append(contentsOf: ServerFrames.message(item.0, rendering: item.1))
                }
                list.append(UInt8(ascii: "]"))
                w.field("messages", raw: list)
                w.field("more", page.more)
                let payload = w.finish()
                self.mailbox.post { core in if let s = core.sessions[id] { core.send(payload, to: s) } }
            } catch {
                Self.logInternal(self.logger, kind: "history", session: id, error)
                let payload = ServerFrames.error(ProtocolError(.internalError, "history failed: \(error)", requestID: requestID))
                self.mailbox.post { core in if let s = core.sessions[id] { core.send(payload, to: s) } }
            }
        }
    }

    private func openDirect(_ session: Session, identity: Identity, requestID: String?, user: String) {
        guard let other = UserRef(parsing: user, defaultTenant: identity.user.tenant) else {
            send(ProtocolError(.badFrame, "'user' must be id or id@tenant", requestID: requestID), to: session)
            return
        }
        if let refusal = AccessPolicy.checkDirect(identity.user, other) {
            send(ProtocolError(.forbidden, refusal.reason, requestID: requestID), to: session)
            return
        }
        let id = session.id
        let backend = self.backend
        Task {
            do {
                let (conversation, _) = try await backend.openDirect(identity.user, other)
                self.mailbox.post { core in
                    // This shard first, so the client can subscribe as soon as it has the reply.
                    core.conversationChanged(conversation)
                    core.group.broadcast(skipping: core.shard) { $0.conversationChanged(conversation) }
                    guard let s = core.sessions[id] else { return }
                    let summary = ConversationSummary(id: conversation.id, kind: .direct, tenant: conversation.tenant, title: conversation.title,
                                                      lastSeq: core.lanes[conversation.id]?.lastFanned ?? conversation.lastSeq, unread: 0,
                                                      members: conversation.members.map(\.description).sorted())
                    core.send(ServerFrames.reply("conversation", requestID: requestID, Replies.Conversation(conversation: summary)), to: s)
                }
            } catch {
                Self.logInternal(self.logger, kind: "direct", session: id, error)
                let payload = ServerFrames.error(ProtocolError(.internalError, "\(error)", requestID: requestID))
                self.mailbox.post { core in if let s = core.sessions[id] { core.send(payload, to: s) } }
            }
        }
    }

    /// An internal error while serving a request: the request kind and the session, never the
    /// message text (which may be confidential).
    static func logInternal(_ logger: Logger, kind: String, session: UInt64, _ error: any Error) {
        logger.error("request failed", metadata: ["hub.request": "\(kind)", "hub.session.id": "s-\(session)", "hub.error": "\(error)"])
    }

    /// Renders messages for one reader, in order.
    /// `tenant`: whose translation memory answers first (`AccessPolicy.memoryTenant`).
    static func render(_ messages: [ChatMessage], into target: Language?, tenant: String?,
                       localizer: any MessageLocalizing) async -> [(ChatMessage, LocalizedText?)] {
        var out: [(ChatMessage, LocalizedText?)] = []
        out.reserveCapacity(messages.count)
        for m in messages {
            guard let target, target != m.language, m.isTranslatable else { out.append((m, nil)); continue }
            let result = await localizer.localize(m.text, declared: m.language, into: [target], names: [:], tenant: tenant)
            out.append((m, result.renderings[target]))
        }
        return out
    }
}

struct SavedSettings: Sendable {
    var language: Language?
    var translate: Bool
}
