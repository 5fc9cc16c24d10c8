import Foundation
import ParleyClient

/// A WebSocket client for tests: collects frames in the background and waits for them with a deadline.
final class TestClient: Sendable {
    let connection: ParleyConnection
    private let inbox = Inbox()
    private let reader: Task<Void, Never>

    init(url: String) async throws {
        let connection = try await ParleyConnection.connect(url: url)
        self.connection = connection
        let inbox = self.inbox
        reader = Task {
            for await frame in connection.frames { inbox.append(frame) }
            inbox.finish()
        }
    }

    func send(_ object: [String: Any]) { connection.send(object) }
    func sendRaw(_ text: String) { connection.sendRaw(text) }
    func close() { connection.close() }

    /// Waits for the next frame of `type` (skipping others), or fails after `timeout` seconds.
    @discardableResult
    func next(_ type: String, timeout: Double = 10, where predicate: @Sendable (ParleyConnection.Frame) -> Bool = { _ in true }) async throws -> ParleyConnection.Frame {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let frame = inbox.take(where: { $0.type == type && predicate($0) }) { return frame }
            if inbox.isFinished { throw TestFailure("connection closed (code \(connection.closeCode.map(String.init) ?? "none")) while waiting for \(type)") }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestFailure("no \(type) frame within \(timeout)s; unread: \(inbox.peekTypes())")
    }

    /// Waits for `count` message frames of one conversation and returns their sequence numbers.
    func messages(_ count: Int, in conversation: String, timeout: Double = 10) async throws -> [ParleyConnection.Frame] {
        var frames: [ParleyConnection.Frame] = []
        for _ in 0..<count {
            frames.append(try await next("message", timeout: timeout) { $0["conversation"] as? String == conversation })
        }
        return frames
    }

    /// True if a frame of `type` arrives within `seconds` (for asserting that nothing arrives).
    func receives(_ type: String, within seconds: Double) async -> Bool {
        (try? await next(type, timeout: seconds)) != nil
    }

    /// Waits until the server closes the connection; returns the close code.
    func closed(timeout: Double = 10) async -> Int? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline && !inbox.isFinished { try? await Task.sleep(for: .milliseconds(10)) }
        try? await Task.sleep(for: .milliseconds(50))
        return connection.closeCode
    }

    var isClosed: Bool { inbox.isFinished }

    /// Every frame received so far, removed from the inbox.
    func drain() -> [ParleyConnection.Frame] { inbox.takeAll() }
}

/// Frames received, in order. `@unchecked Sendable`: guarded by the lock.
private final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var frames: [ParleyConnection.Frame] = []
    private var finished = false

    func append(_ frame: ParleyConnection.Frame) { lock.withLock { frames.append(frame) } }
    func finish() { lock.withLock { finished = true } }
    var isFinished: Bool { lock.withLock { finished && frames.isEmpty } }

    func take(where predicate: (ParleyConnection.Frame) -> Bool) -> ParleyConnection.Frame? {
        lock.withLock {
            guard let i = frames.firstIndex(where: predicate) else { return nil }
            return frames.remove(at: i)
        }
    }

    func peekTypes() -> [String] { lock.withLock { frames.map(\.type) } }

    func takeAll() -> [ParleyConnection.Frame] {
        lock.withLock {
            defer { frames = [] }
            return frames
        }
    }
}

extension ParleyConnection.Frame {
    var seq: Int64? { (self["seq"] as? NSNumber)?.int64Value }
    var messageText: String? { self["text"] as? String }
}
