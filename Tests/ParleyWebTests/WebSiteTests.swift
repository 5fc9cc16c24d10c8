import Foundation
import ParleyHub
import Testing
@testable import ParleyWeb

@Suite("Serving the web client", .timeLimit(.minutes(5)))
struct WebSiteTests {
    /// A client folder with a page, a module and a stylesheet, plus one vendor file present and one absent.
    func site() throws -> (WebSite, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("js"), withIntermediateDirectories: true)
        try Data("<!doctype html><title>x</title>".utf8).write(to: dir.appendingPathComponent("index.html"))
        try Data("export const a = 1;".utf8).write(to: dir.appendingPathComponent("js/a.js"))
        try Data("body{}".utf8).write(to: dir.appendingPathComponent("style.css"))
        let vendor = dir.appendingPathComponent("lib.js")
        try Data("var lib;".utf8).write(to: vendor)
        var configuration = WebConfiguration(directory: dir.path)
        configuration.vendor = [VendorFile(name: "lib.js", path: vendor.path, package: "lib"),
                                VendorFile(name: "gone.js", path: "/nonexistent/gone.js", package: "gone")]
        return (try WebSite(configuration: configuration), dir.path)
    }

    func header(_ r: HTTPResponse, _ name: String) -> String? { r.headers.first { $0.name == name }?.value }

    @Test func rootIsThePageWithAPolicyForbiddingInlineScript() throws {
        let (site, _) = try site()
        let r = try #require(site.respond(method: "GET", path: "/", ifNoneMatch: nil))
        #expect(r.status == 200)
        #expect(r.contentType == "text/html; charset=utf-8")
        let csp = try #require(header(r, "Content-Security-Policy"))
        #expect(csp.contains("script-src 'self'"))
        #expect(!csp.contains("unsafe-inline"))
        #expect(header(r, "Cache-Control") == "no-cache")
    }

    @Test func modulesHaveJavaScriptTypeAndAnETagThatYields304() throws {
        let (site, _) = try site()
        let r = try #require(site.respond(method: "GET", path: "/js/a.js", ifNoneMatch: nil))
        #expect(r.contentType.hasPrefix("text/javascript"))
        #expect(Array(r.body) == Array("export const a = 1;".utf8))
        let etag = try #require(header(r, "ETag"))
        let again = try #require(site.respond(method: "GET", path: "/js/a.js", ifNoneMatch: etag))
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let other = try #require(site.respond(method: "GET", path: "/style.css", ifNoneMatch: etag))
        #expect(other.status == 200)
        #expect(other.contentType.hasPrefix("text/css"))
        #expect(header(other, "ETag") != etag)
    }

    @Test func unknownPathsAndOtherMethodsAreNotTheSites() throws {
        let (site, _) = try site()
        #expect(site.respond(method: "GET", path: "/nope.js", ifNoneMatch: nil) == nil)
        #expect(site.respond(method: "GET", path: "/../etc/passwd", ifNoneMatch: nil) == nil)
        #expect(site.respond(method: "POST", path: "/", ifNoneMatch: nil) == nil)
    }

    @Test func vendorFilesAreServedAndMissingOnesReported() throws {
        let (site, _) = try site()
        #expect(site.respond(method: "GET", path: "/vendor/lib.js", ifNoneMatch: nil)?.status == 200)
        #expect(site.missingVendor.map(\.name) == ["gone.js"])
    }

    @Test func aFolderWithoutAPageIsRefusedByName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-web-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(throws: WebError.self) { try WebSite(configuration: WebConfiguration(directory: dir.path)) }
    }

    @Test func theBundledClientLoads() throws {
        let site = try WebSite()
        #expect(site.respond(method: "GET", path: "/app.js", ifNoneMatch: nil)?.status == 200)
        #expect(site.respond(method: "GET", path: "/js/session.js", ifNoneMatch: nil)?.status == 200)
    }
}
