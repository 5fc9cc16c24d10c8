import Foundation
import Logging
import ParleyAPIKeys
import ParleyAttachments
import ParleyCorrections
import ParleyDomain
import ParleyFollowUps
import ParleyMessageActions
import ParleyHub
import ParleyMeetings
import ParleyMinutes
import ParleyStore
import ParleyText
import ParleyTranslation
import ParleyWeb
import ParleyWebhooks

/// Builds a daemon with every feature this build has: the one place features are wired.
public enum DaemonAssembly {
    /// - Parameter translator: an already-loaded translator to share (tests start many daemons).
    public static func make(configuration: DaemonConfiguration, logger: Logger, translator shared: Translator? = nil) async throws -> ParleyDaemon {
        let analyzer = ICUTextAnalyzer()
        // Each daemon answers from its own tenants' corrections, even over shared dictionaries.
        let translator = try (shared ?? makeTranslator(configuration, analyzer: analyzer, logger: logger))
            .using(memory: SharedTranslationMemory(analyzer: analyzer))
        let desk = MeetingDesk(generator: MinutesGenerator(analyzer: analyzer), localizer: translator,
                               silenceTimeout: configuration.meetingSilenceTimeout, logger: logger)
        let corrections = CorrectionDesk(memory: translator.memory, localizer: translator, logger: logger)
        let followUps = FollowUpDesk(localizer: translator, configuration: configuration.followUps, logger: logger, now: configuration.followUps.now)
        let webhooks: WebhookDesk
        do { webhooks = try WebhookDesk(configuration: configuration.webhooks, logger: logger) } catch {
            throw ConfigurationError("\(error)")
        }
        let attachments: AttachmentDesk
        do {
            attachments = try AttachmentDesk(configuration: configuration.attachments,
                                             secret: try SigningSecret.load(configuration, create: true), logger: logger)
        } catch let e as AttachmentDesk.ConfigurationFailure { throw ConfigurationError(e.description) }
        // Features on the feature contract: each declares its frames and routes; this list is the one place they are named.
        let apiKeys = APIKeyDesk(logger: logger)
        let versions = MessageVersionDesk(logger: logger)
        let features: [any Feature] = [followUps, webhooks, apiKeys, versions, attachments]
        let daemon = try await ParleyDaemon(configuration: configuration, logger: logger, localizer: translator, analyzer: analyzer,
                                            meetings: desk, corrections: corrections, features: features,
                                            web: try makeWebSite(configuration, logger: logger))
        try await corrections.attach(store: daemon.store)
        if let store = daemon.store as? any Store & MessageVersionStoring { versions.attach(store: store) }
        if let store = daemon.store as? any Store & FollowUpStoring {
            followUps.attach(FollowUpDesk.Services(store: store, hub: daemon.deliveryHub))
            desk.observeMinutes { meeting, minutes in await followUps.minutesConcluded(meeting, minutes) }
        }
        if let store = daemon.store as? any APIKeyStoring { apiKeys.attach(store) }
        if let store = daemon.store as? any Store & WebhookStoring {
            await webhooks.attach(WebhookDesk.Services(store: store, hub: daemon.deliveryHub))
            desk.observeMinutes { meeting, minutes in await webhooks.minutesCreated(meeting, minutes) }
            followUps.observeChanges { event, item in await webhooks.followUpChanged(event, item) }
        }
        if let store = daemon.store as? any Store & FileStoring {
            attachments.attach(AttachmentDesk.Services(store: store))
        }
        try await desk.attach(daemon.meetingServices)
        return daemon
    }

    /// The browser client's files, read once here (see ParleyWeb).
    public static func makeWebSite(_ configuration: DaemonConfiguration, logger: Logger) throws -> WebSite {
        let web: WebSite
        do { web = try WebSite(configuration: WebConfiguration(directory: configuration.webDirectory)) } catch {
            throw ConfigurationError(error.description)
        }
        for missing in web.missingVendor {
            logger.warning("web client library missing; messages show as plain text",
                           metadata: ["web.file": "\(missing.path)", "web.package": "\(missing.package)"])
        }
        return web
    }

    /// The translation layer over `Dictionaries/`, routed by `translation_config` when given.
    public static func makeTranslator(_ configuration: DaemonConfiguration, analyzer: ICUTextAnalyzer, logger: Logger) throws -> Translator {
        var routing = TranslationConfiguration()
        if let path = configuration.translationConfigPath {
            do { routing = try TranslationConfiguration.load(from: URL(fileURLWithPath: path)) } catch {
                throw ConfigurationError("translation_config \(path): \(error)")
            }
        }
        let directory = URL(fileURLWithPath: configuration.dictionariesDirectory)
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw ConfigurationError("no dictionaries at \(directory.path): pass --dictionaries DIR (the repository's Dictionaries/)")
        }
        let translator = try Translator(dictionaryDirectory: directory, analyzer: analyzer, configuration: routing)
        for problem in translator.problems.prefix(20) {
            logger.warning("dictionary line skipped", metadata: ["translation.problem": "\(problem)"])
        }
        logger.info("dictionaries loaded", metadata: ["translation.dir": "\(directory.path)", "translation.skipped": "\(translator.problems.count)"])
        return translator
    }
}
