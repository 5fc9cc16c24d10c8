import Foundation
import ParleyStore

extension AttachmentDesk {
    /// What one sweep removed.
    public struct SweepResult: Sendable, Equatable {
        public var files = 0
        public var blobs = 0
        public var temporary = 0
    }

    func startSweeping() {
        let interval = configuration.sweepInterval
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                guard let self, !Task.isCancelled else { return }
                _ = await self.sweep()
            }
        }
        sweeper.withLock { $0?.cancel(); $0 = task }
    }

    /// Removes uploads never sent within the grace, then blobs and temp files no row references
    /// that are older than the grace (a blob just written, whose row is not committed yet, is younger).
    /// After a kill -9 at any moment, this is what keeps an unreferenced file from staying forever.
    @discardableResult
    public func sweep() async -> SweepResult {
        guard let services = attached else { return SweepResult() }
        var result = SweepResult()
        let cutoff = now() - Int64(configuration.grace * 1000)
        do {
            while true {
                let removed = try await services.store.removeUnattachedFiles(createdBefore: cutoff, limit: 500)
                result.files += removed.count
                if removed.count < 500 { break }
            }
            let old = blobs.entries(changedBefore: Double(cutoff) / 1000)
            for start in stride(from: 0, to: old.blobs.count, by: 500) {
                let chunk = Array(old.blobs[start..<min(start + 500, old.blobs.count)])
                let kept = try await services.store.referencedDigests(chunk)
                for digest in chunk where !kept.contains(digest) {
                    blobs.remove(blob: digest)
                    result.blobs += 1
                }
            }
            for name in old.temporary { blobs.remove(temporary: name); result.temporary += 1 }
        } catch {
            logger.warning("file sweep failed", metadata: ["store.error": "\(error)"])
        }
        if result != SweepResult() {
            logger.info("file sweep", metadata: ["file.rows": "\(result.files)", "file.blobs": "\(result.blobs)", "file.temporary": "\(result.temporary)"])
        }
        return result
    }
}
