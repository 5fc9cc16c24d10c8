/// How files are kept and served (`max_file_size`, `file_grace`, `file_sweep_interval`,
/// `file_link_lifetime` in parleyd's settings; the directory is `files/` under `data_dir`).
public struct AttachmentConfiguration: Sendable {
    /// Where blobs are written: `<data_dir>/files`. In cluster mode every node mounts the same one.
    public var directory: String
    /// The largest file, in bytes (413 above it).
    public var maxFileSize: Int = 25 << 20
    /// Seconds an upload may stay unattached to a message, and a blob unreferenced, before the sweep removes it.
    public var grace: Double = 24 * 3600
    /// Seconds between sweeps.
    public var sweepInterval: Double = 600
    /// Seconds a signed download link (`<img src>`) stays valid.
    public var linkLifetime: Double = 300

    public init(directory: String) {
        self.directory = directory
    }
}
