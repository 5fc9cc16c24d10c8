import Foundation
import ParleyDomain
import ParleyHub
import ParleyStore

/// The `translation.*` frames: suggest, list, accept, reject.
extension CorrectionDesk {
    func suggest(conversation id: String, seq: Int64, into target: Language, text: String, by identity: Identity,
                 store: any Store, requestID: String?) async throws(ProtocolError) -> [UInt8] {
        let user = identity.user
        let conversation: Conversation?
        do { conversation = try await store.conversation(id) } catch { throw protocolError(error, kind: "translation.suggest", user: user) }
        // Not a member: the same answer as for a conversation that does not exist.
        guard let conversation else { throw ProtocolError(.forbidden, "you are not a member of conversation \(id)") }
        if let refusal = AccessPolicy.checkSuggest(user, conversation) { throw ProtocolError(.forbidden, refusal.reason) }
        let message: ChatMessage?
        do {
            message = try await store.catchUp(in: id, after: seq - 1, limit: 1, topics: nil).messages.first { $0.seq == seq }
        } catch { throw protocolError(error, kind: "translation.suggest", user: user) }
        guard let message, message.kind == .text || message.kind == .bot else {
            throw ProtocolError(.notFound, "conversation \(id) has no message \(seq) to correct")
        }
        // The source language as renderings detect it, so that the correction answers them.
        let machine = await localizer.localize(message.text, declared: message.language, into: [target], names: [:], tenant: nil)
        guard machine.source != target else {
            throw ProtocolError(.badFrame, "message \(seq) is written in \(target.code); 'lang' must be the language of a translation")
        }
        let key = memory.normalized(message.text, language: machine.source)
        guard !key.isEmpty else { throw ProtocolError(.badFrame, "message \(seq) has no words to translate") }
        let automatic: Bool
        do { automatic = try await store.autoAcceptedAuthors(tenant: conversation.tenant).contains(user) } catch {
            throw protocolError(error, kind: "translation.suggest", user: user)
        }
        let now = StoreClock.now()
        let suggestion = TranslationSuggestion(
            id: "ts-" + UUID().uuidString.lowercased(), tenant: conversation.tenant, conversation: id, seq: seq, source: machine.source,
            target: target, sourceText: message.text, suggestedText: text, author: user, state: automatic ? .accepted : .pending,
            createdAt: now, decidedAt: automatic ? now : nil, decidedBy: automatic ? user : nil)
        do { try await store.addSuggestion(suggestion, memoryKey: key) } catch {
            throw protocolError(error, kind: "translation.suggest", user: user)
        }
        if automatic { learn([suggestion.memoryEntry]) }
        logger.debug("translation suggested", metadata: ["translation.suggestion": "\(suggestion.id)", "translation.user": "\(user)",
                                                         "translation.state": "\(suggestion.state.rawValue)"])
        return ServerFrames.reply("translation.suggested", requestID: requestID,
                                  SuggestionReply(suggestion: SuggestionBody(suggestion, machine: machine.renderings[target]?.text)))
    }

    func list(_ state: TranslationSuggestion.State, for identity: Identity, store: any Store,
              requestID: String?) async throws(ProtocolError) -> [UInt8] {
        guard identity.isAdmin else {
            throw ProtocolError(.forbidden, "listing suggestions needs an admin token of tenant \(identity.user.tenant)")
        }
        let found: [TranslationSuggestion]
        do { found = try await store.suggestions(tenant: identity.user.tenant, state: state, limit: Self.listLimit) } catch {
            throw protocolError(error, kind: "translation.suggestions", user: identity.user)
        }
        return ServerFrames.reply("translation.suggestions", requestID: requestID,
                                  SuggestionList(state: state.rawValue, suggestions: found.map { SuggestionBody($0, machine: nil) }))
    }

    func decide(_ id: String, accept: Bool, by identity: Identity, store: any Store, requestID: String?) async throws(ProtocolError) -> [UInt8] {
        let kind = accept ? "translation.accept" : "translation.reject"
        let found: TranslationSuggestion?
        do { found = try await store.suggestion(id) } catch { throw protocolError(error, kind: kind, user: identity.user) }
        // Another tenant's suggestion: the same answer as for one that does not exist.
        guard let found, found.tenant == identity.user.tenant else { throw ProtocolError(.notFound, "no suggestion \(id)") }
        if let refusal = AccessPolicy.checkDecide(identity, tenant: found.tenant) { throw ProtocolError(.forbidden, refusal.reason) }
        let key = memory.normalized(found.sourceText, language: found.source)
        let decided: TranslationSuggestion
        do {
            decided = try await store.decideSuggestion(id, accept: accept, by: identity.user, at: StoreClock.now(), memoryKey: key)
        } catch { throw protocolError(error, kind: kind, user: identity.user) }
        if accept { learn([decided.memoryEntry]) }
        return ServerFrames.reply("translation.decided", requestID: requestID, SuggestionReply(suggestion: SuggestionBody(decided, machine: nil)))
    }
}
