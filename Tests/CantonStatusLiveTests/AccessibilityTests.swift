import Model
import Site
import CantonStatusTestSupport
import Foundation
import Testing

/// The built pages under Deque's axe-core (`Tests/Browser/axe_check.py`) in headless Chromium: the
/// WCAG 2 A and AA rules and heading order, in light and dark colour schemes and at phone width.
///
/// The site is served on 127.0.0.1, not at its `page.url`, so `404.html`, whose links are absolute,
/// is checked without the stylesheet it links: as a mirror, a preview or a staging host shows it.
@Suite(.serialized) struct AccessibilityTests {
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Browser/axe_check.py")

    @Test func everyPageKindPassesAxeInLightDarkAndPhoneWidth() throws {
        let built = try WrittenSite(prefix: "canton-status-axe")
        defer { built.remove() }
        let pages = try Self.samplePages(built.files)

        let server = try StaticFileServer(root: built.folder)
        defer { server.stop() }
        // The checker bounds its own run (--timeout); runTool's limit is the backstop if it hangs anyway.
        let arguments = ["python3", Self.checker.path, "--timeout", "240", server.url("")] + pages
        let result = try runTool(arguments, timeout: 300)
        #expect(result.status == 0, """
            axe_check.py exited \(result.status) over \(pages.joined(separator: " ")):
            \(result.standardOutput)
            \(result.standardError)
            """)
    }

    /// One page of every kind the site has, the largest of its kind (the one that fills the most
    /// sections of its template), and every network page, since which sections a network page has
    /// (notices, fault budget, SV matrix) depends on the network. A page of a kind not listed here
    /// fails the test, so a new kind of page is not left out unnoticed.
    static func samplePages(_ files: [OutputFile]) throws -> [String] {
        let kinds: [(name: String, all: Bool, matches: (String) -> Bool)] = [
            ("overview", false, { $0 == SitePaths.overview }),
            ("404", false, { $0 == SitePaths.notFound }),
            ("SLA", false, { $0 == SitePaths.sla }),
            ("subscribe", false, { $0 == SitePaths.subscribe }),
            ("history index", false, { $0 == SitePaths.historyIndex }),
            ("history month", false, { $0.wholeMatch(of: /history\/\d{4}-\d{2}\.html/) != nil }),
            ("network", true, { $0.wholeMatch(of: /[a-z0-9-]+\/index\.html/) != nil && !$0.hasPrefix("history/") }),
            ("component", false, { $0.wholeMatch(of: /[a-z0-9-]+\/components\/[a-z0-9-]+\.html/) != nil }),
            ("incident", false, { $0.wholeMatch(of: /incidents\/[a-z0-9-]+\.html/) != nil }),
            ("maintenance", false, { $0.wholeMatch(of: /maintenance\/[a-z0-9-]+\.html/) != nil }),
        ]
        let html = files.filter { $0.path.hasSuffix(".html") }
        let unknown = html.filter { file in !kinds.contains { $0.matches(file.path) } }.map(\.path)
        #expect(unknown.isEmpty, "pages of no known kind: \(unknown)")
        var pages: [String] = []
        for kind in kinds {
            let ofKind = html.filter { kind.matches($0.path) }
                .sorted { ($0.byteCount, $1.path) > ($1.byteCount, $0.path) }
            let first = try #require(ofKind.first, "the built site has no \(kind.name) page")
            pages += kind.all ? ofKind.map(\.path).sorted() : [first.path]
        }
        return pages
    }
}
