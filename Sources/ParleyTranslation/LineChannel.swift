import Foundation
import Synchronization

/// Matches answer lines read from a process to the requests waiting for them, first in first out.
///
/// `@unchecked Sendable`: all mutable state lives in `state`, guarded by its Mutex; the
/// FileHandle's readability handler runs on a Foundation thread and only calls `receive`.
final class LineChannel: @unchecked Sendable {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<String, any Error>
    }

    private struct State {
        var buffer: [UInt8] = []
        var lines: [String] = []
        var waiters: [Waiter] = []
        var closed: (any Error)? = nil
        var nextID = 0
    }

    private let state = Mutex(State())

    /// Appends bytes read from the process and hands out every complete line.
    func receive(_ data: Data) {
        var ready: [(CheckedContinuation<String, any Error>, String)] = []
        state.withLock { s in
            s.buffer.append(contentsOf: data)
            while let newline = s.buffer.firstIndex(of: 10) {
                var line = Array(s.buffer[..<newline])
                s.buffer.removeSubrange(...newline)
                line.removeAll { $0 == 0 }
                s.lines.append(String(decoding: line, as: UTF8.self))
            }
            while !s.lines.isEmpty, !s.waiters.isEmpty {
                ready.append((s.waiters.removeFirst().continuation, s.lines.removeFirst()))
            }
        }
        for (continuation, line) in ready { continuation.resume(returning: line) }
    }

    /// Fails every waiting and future request with `error` (the process ended or timed out).
    func close(_ error: any Error) {
        let waiters = state.withLock { s -> [Waiter] in
            if s.closed == nil { s.closed = error }
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in waiters { w.continuation.resume(throwing: error) }
    }

    /// The next answer line, or `timeout` error after `seconds`.
    func nextLine(timeout seconds: Double, onTimeout timeoutError: any Error) async throws -> String {
        let id = state.withLock { s -> Int in s.nextID += 1; return s.nextID }
        return try await withCheckedThrowingContinuation { continuation in
            let immediate: Result<String, any Error>? = state.withLock { s in
                if !s.lines.isEmpty { return .success(s.lines.removeFirst()) }
                if let error = s.closed { return .failure(error) }
                s.waiters.append(Waiter(id: id, continuation: continuation))
                return nil
            }
            if let immediate { continuation.resume(with: immediate); return }
            Task { [weak self] in
                try? await Task.sleep(for: .seconds(seconds))
                self?.expire(id, with: timeoutError)
            }
        }
    }

    private func expire(_ id: Int, with error: any Error) {
        let waiter = state.withLock { s -> Waiter? in
            guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return s.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }
}
