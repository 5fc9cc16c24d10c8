import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A LibreTranslate-compatible engine: `POST /translate` with `{q, source, target, format}`,
/// answering `{"translatedText": ...}`.
public struct HTTPHook: TranslationHook {
    public let name: String
    let configuration: HTTPHookConfiguration
    let timeoutSeconds: Double
    let session: URLSession

    public init(name: String, configuration: HTTPHookConfiguration, timeoutSeconds: Double) {
        self.name = name
        self.configuration = configuration
        self.timeoutSeconds = timeoutSeconds
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = timeoutSeconds
        self.session = URLSession(configuration: sessionConfiguration)
    }

    struct Request: Encodable {
        let q: String
        let source: String
        let target: String
        let format: String
        let api_key: String?
    }

    struct Response: Decodable {
        let translatedText: String?
        let error: String?
    }

    public func translate(_ text: String, pair: LanguagePair) async throws -> String {
        let base = configuration.baseURL.hasSuffix("/") ? String(configuration.baseURL.dropLast()) : configuration.baseURL
        guard let url = URL(string: base + "/translate") else {
            throw TranslationError.hookFailed(engine: name, reason: "baseURL '\(configuration.baseURL)' is not a URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(Request(q: text, source: pair.source.code, target: pair.target.code,
                                                            format: "text", api_key: configuration.apiKey))
        let (data, response): (Data, URLResponse)
        do {
            let finished = request
            (data, response) = try await withTimeout(seconds: timeoutSeconds) { [session] in
                try await session.data(for: finished)
            }
        } catch let error as TranslationError {
            throw error
        } catch {
            throw TranslationError.hookFailed(engine: name, reason: "\(url): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let decoded = try? JSONDecoder().decode(Response.self, from: data)
        guard status == 200, let translated = decoded?.translatedText else {
            throw TranslationError.hookFailed(engine: name, reason: "\(url) answered \(status): \(decoded?.error ?? "no translatedText")")
        }
        return translated
    }

    public func shutdown() async { session.invalidateAndCancel() }

    private func withTimeout<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw TranslationError.hookTimedOut(engine: name, seconds: seconds)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
