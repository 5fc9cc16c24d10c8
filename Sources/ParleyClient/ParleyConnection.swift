import Foundation
import Logging
import NIOCore
import NIOWebSocket
import ParleyDomain
import WSClient

/// A client session with parleyd over WebSocket, for the command line and tests.
///
/// `connect` returns once the WebSocket is open; frames arrive on `frames` as JSON objects,
/// and the stream ends when the server closes (then `closeCode` says why).
public final class ParleyConnection: Sendable {
    /// A received frame: the JSON object and its raw text.
    public struct Frame: Sendable {
        public let text: String
        private let parsed: ParsedObject

        init(text: String) {
            self.text = text
            parsed = ParsedObject((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:])
        }

        public var type: String { (self["type"] as? String) ?? "" }
        public subscript(key: String) -> Any? { parsed.object[key] }
    }

    public let frames: AsyncStream<Frame>
    private let outgoing: AsyncStream<String>.Continuation
    private let closed: ClosedBox
    private let task: Task<Void, Never>

    /// The close code the server sent, once the stream has ended.
    public var closeCode: Int? { closed.code }

    /// Connects to `url` (e.g. ws://127.0.0.1:8080/ws, optionally with ?token=).
    public static func connect(url: String, logger: Logger = Logger(label: "parley.client")) async throws -> ParleyConnection {
        let (frames, framesIn) = AsyncStream<Frame>.makeStream()
        let (outgoing, out) = AsyncStream<String>.makeStream()
        let (opened, openedIn) = AsyncStream<Result<Void, any Error>>.makeStream()
        let closed = ClosedBox()
        let task = Task {
            do {
                let result = try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 24), logger: logger) { inbound, outbound, _ in
                    openedIn.yield(.success(()))
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in outgoing { try await outbound.write(.text(text)) }
                        }
                        for try await message in inbound.messages(maxSize: 1 << 24) {
                            if case .text(let text) = message { framesIn.yield(Frame(text: text)) }
                        }
                        group.cancelAll()
                    }
                }
                closed.set(result.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) })
            } catch {
                openedIn.yield(.failure(error))
            }
            framesIn.finish()
            openedIn.finish()
        }
        for await result in opened {
            if case .failure(let error) = result { throw error }
            break
        }
        return ParleyConnection(frames: frames, outgoing: out, closed: closed, task: task)
    }

    private init(frames: AsyncStream<Frame>, outgoing: AsyncStream<String>.Continuation, closed: ClosedBox, task: Task<Void, Never>) {
        self.frames = frames
        self.outgoing = outgoing
        self.closed = closed
        self.task = task
    }

    /// Sends a JSON object as a text frame.
    public func send(_ object: [String: Any]) {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        outgoing.yield(String(decoding: data, as: UTF8.self))
    }

    /// Sends raw text (tests use it for malformed frames).
    public func sendRaw(_ text: String) { outgoing.yield(text) }

    /// Closes the connection (normal close).
    public func close() {
        outgoing.finish()
        task.cancel()
    }
}

/// A frame's JSON, parsed once. `@unchecked Sendable`: the dictionary is never mutated after init.
final class ParsedObject: @unchecked Sendable {
    let object: [String: Any]
    init(_ object: [String: Any]) { self.object = object }
}

/// The close code, written once by the connection task. `@unchecked Sendable`: guarded by a lock.
final class ClosedBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int?
    var code: Int? { lock.withLock { value } }
    func set(_ code: Int?) { lock.withLock { value = code } }
}
