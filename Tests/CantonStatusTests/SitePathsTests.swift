@testable import Site
import Testing

/// Links between pages are relative, so the site works from any folder and from `file://`.
@Suite struct SitePathsTests {
    @Test func aLinkClimbsOneFolderPerFolderOfThePage() {
        #expect(SitePaths.relative(from: "index.html", to: "style.css") == "style.css")
        #expect(SitePaths.relative(from: "incidents/2026-11-03-x.html", to: "style.css") == "../style.css")
        #expect(SitePaths.relative(from: "mainnet/components/scan.html", to: "mainnet/index.html") == "../../mainnet/index.html")
    }

    /// Empty segments and a trailing slash do not count as folders.
    @Test func emptySegmentsAndTrailingSlashesAreNotFolders() {
        #expect(SitePaths.relative(from: "a//b.html", to: "x") == "../x")
        #expect(SitePaths.relative(from: "/a/b.html", to: "x") == "../x")
        #expect(SitePaths.relative(from: "a/b/", to: "x") == "../x")
        #expect(SitePaths.relative(from: "", to: "x") == "x")
        #expect(SitePaths.relative(from: "/", to: "x") == "x")
    }
}
