import Foundation
import ParleyDomain

/// How both drivers keep a webhook endpoint: whole, as JSON, beside the columns it is found by.
public enum WebhookJSON {
    public static func encode(_ endpoint: WebhookEndpoint) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(endpoint), as: UTF8.self)
    }

    public static func decodeEndpoint(_ body: String) throws -> WebhookEndpoint {
        try JSONDecoder().decode(WebhookEndpoint.self, from: Data(body.utf8))
    }
}
