import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

enum HTTP {
    static func request(_ method: String, _ url: String, token: String?, body: [String: Any]? = nil, raw: Data? = nil) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = try JSONSerialization.data(withJSONObject: body) }
        if let raw { request.httpBody = raw }
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? ["raw": String(decoding: data, as: UTF8.self)]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }
}

extension HTTP {
    /// A request whose answer is text (`/metrics`), or whose body is given as raw bytes.
    static func text(_ method: String, _ url: String, token: String? = nil, body: Data? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
