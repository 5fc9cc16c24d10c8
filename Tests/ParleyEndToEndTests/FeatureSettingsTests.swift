import Foundation
import ParleyDaemon
import Testing

/// The feature settings of this round, as a file and the environment give them.
@Suite("Feature settings")
struct FeatureSettingsTests {
    @Test("webhook, digest and message-action settings: lists from a file, values from the environment, bad ones named")
    func layering() throws {
        let path = NSTemporaryDirectory() + "parley-settings-\(UUID().uuidString).json"
        try Data(#"{"webhook_allow_hosts": ["127.0.0.1", "10.0.0.0/8"], "webhook_retry_schedule": [1, 2], "edit_window": 900}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var settings = DaemonConfiguration()
        try settings.apply(file: path)
        #expect(settings.webhooks.allowHosts == ["127.0.0.1", "10.0.0.0/8"])
        #expect(settings.webhooks.retrySchedule == [1, 2])
        #expect(settings.hub.editWindow == 900)
        try settings.apply(environment: ["PARLEY_DIGEST_HOUR": "8", "PARLEY_EDIT_WINDOW": "0", "PARLEY_TYPING_MAX_MEMBERS": "5",
                                         "PARLEY_WEBHOOK_TIMEOUT": "3"])
        #expect(settings.followUps.digestHour == 8)
        #expect(settings.hub.editWindow == nil, "0: no window")
        #expect(settings.hub.typingMaxMembers == 5)
        #expect(settings.webhooks.requestTimeout == 3)
        #expect(throws: ConfigurationError.self) { try settings.apply(environment: ["PARLEY_WEBHOOK_ALLOW_HOSTS": "intranet"]) }
        do { try settings.apply(environment: ["PARLEY_WEBHOOK_ALLOW_HOSTS": "intranet"]) } catch {
            #expect(error.description.contains("'intranet' is not an IP address or CIDR range"))
        }
        #expect(throws: ConfigurationError.self) { try settings.apply(environment: ["PARLEY_DIGEST_HOUR": "25"]) }
    }
}
