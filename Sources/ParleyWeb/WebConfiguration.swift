/// Where the web client's files come from.
public struct WebConfiguration: Sendable {
    /// The client's folder; nil: the copy that travels with the binary (SwiftPM resources,
    /// `Sources/ParleyWeb/Client` in the repository). Set it to edit the client without rebuilding.
    public var directory: String?

    /// Libraries the client uses, served under `/vendor/` from the Debian packages that install them
    /// (`libjs-marked`, `node-dompurify`); nothing third-party is copied into the repository.
    public var vendor: [VendorFile] = VendorFile.debian

    public init(directory: String? = nil) {
        self.directory = directory
    }
}

/// A third-party file served under `/vendor/NAME` from an installed package.
public struct VendorFile: Sendable, Hashable {
    public var name: String
    public var path: String
    public var package: String

    public init(name: String, path: String, package: String) {
        self.name = name
        self.path = path
        self.package = package
    }

    /// marked (MIT) and DOMPurify (Apache-2.0 or MPL-2.0), as Debian 12 installs them.
    public static let debian = [
        VendorFile(name: "marked.js", path: "/usr/share/javascript/marked/marked.min.js", package: "libjs-marked"),
        VendorFile(name: "purify.js", path: "/usr/share/nodejs/dompurify/dist/purify.min.js", package: "node-dompurify"),
    ]
}
