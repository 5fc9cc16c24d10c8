import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// File bytes on disk, content-addressed: `blobs/<first two hex>/<sha256>`. A blob is written to
/// `tmp/`, fsync'd, renamed into place and its directory fsync'd before the caller stores a row
/// naming it, so a row never names bytes a crash could lose; a crash before the row leaves an
/// unreferenced blob or a temp file, which the sweep removes. Blocking calls: run off the hub's threads.
struct BlobDirectory: Sendable {
    let root: String
    var blobs: String { root + "/blobs" }
    var temporary: String { root + "/tmp" }

    init(root: String) throws(AttachmentError) {
        self.root = root
        for directory in [root, root + "/blobs", root + "/tmp"] {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .internalError("cannot create the files directory \(directory): \(error)")
            }
        }
    }

    static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    func path(of digest: String) -> String { "\(blobs)/\(digest.prefix(2))/\(digest)" }

    /// Writes `bytes` durably under their digest and returns it. Writing the same bytes again
    /// replaces the blob with an identical one (and a fresh modification time, which the sweep's grace reads).
    func write(_ bytes: [UInt8]) throws(AttachmentError) -> String {
        let digest = Self.digest(bytes)
        let shard = "\(blobs)/\(digest.prefix(2))"
        let temp = "\(temporary)/\(digest)-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure("create \(temp)") }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return fsync(fd) == 0
        }
        let error = errno
        close(fd)
        guard ok else { unlink(temp); errno = error; throw Self.failure("write \(temp)") }
        if mkdir(shard, 0o700) == 0 { try syncDirectory(blobs) } else if errno != EEXIST { unlink(temp); throw Self.failure("create \(shard)") }
        guard rename(temp, path(of: digest)) == 0 else { unlink(temp); throw Self.failure("rename into \(shard)") }
        try syncDirectory(shard)
        return digest
    }

    func read(_ digest: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(of: digest)).map { [UInt8]($0) }
    }

    /// Blobs and temp files last changed before `before` (seconds since 1970): what the sweep may remove.
    func entries(changedBefore before: Double) -> (blobs: [String], temporary: [String]) {
        let fm = FileManager.default
        func old(_ path: String) -> Bool {
            guard let date = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return false }
            return date.timeIntervalSince1970 < before
        }
        var found: [String] = []
        for shard in (try? fm.contentsOfDirectory(atPath: blobs)) ?? [] {
            for name in (try? fm.contentsOfDirectory(atPath: "\(blobs)/\(shard)")) ?? [] where old("\(blobs)/\(shard)/\(name)") {
                found.append(name)
            }
        }
        let temps = ((try? fm.contentsOfDirectory(atPath: temporary)) ?? []).filter { old("\(temporary)/\($0)") }
        return (found, temps)
    }

    func remove(blob digest: String) { unlink(path(of: digest)) }
    func remove(temporary name: String) { unlink("\(temporary)/\(name)") }

    /// Whether the blob exists (tests, and a download whose bytes went missing).
    func contains(_ digest: String) -> Bool { access(path(of: digest), F_OK) == 0 }

    private func syncDirectory(_ path: String) throws(AttachmentError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open \(path)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Self.failure("fsync \(path)") }
    }

    private static func failure(_ what: String) -> AttachmentError {
        .internalError("could not \(what): \(String(cString: strerror(errno)))")
    }
}
