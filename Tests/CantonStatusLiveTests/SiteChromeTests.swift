import Model
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing
internal import Site
internal import Validation

/// The shared page parts (`chrome-*.mustache`), rendered once per place, and where template errors point.
@Suite struct SiteChromeTests {
    @Test func everyPageCarriesTheSharedPartsForItsPlace() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        try repository.write("site-template/chrome-header.mustache",
                             "<header class=\"site\" data-root=\"{{root}}\">{{#nav}}<a href=\"{{href}}\"{{#current}} aria-current=\"page\"{{/current}}>{{name}}</a>{{/nav}}</header>\n")
        let files = try buildSite(in: repository).files
        let pages = files.filter { $0.path.hasSuffix(".html") && $0.path != "404.html" }
        #expect(pages.count > 10)
        for page in pages {
            let depth = page.path.split(separator: "/").count - 1
            let root = String(repeating: "../", count: depth)
            #expect(page.text.contains("<header class=\"site\" data-root=\"\(root)\">"), "\(page.path)")
            #expect(page.text.contains("<footer class=\"site\">"), "\(page.path)")
            #expect(page.text.contains("<link rel=\"stylesheet\" href=\"\(root)style.css\">"), "\(page.path)")
        }
        // Same depth, different network: the current network differs, so the parts do too.
        let testnet = try #require(files.first { $0.path == "testnet/index.html" }).text
        let mainnet = try #require(files.first { $0.path == "mainnet/index.html" }).text
        #expect(testnet.contains("href=\"../testnet/index.html\" aria-current=\"page\""))
        #expect(mainnet.contains("href=\"../mainnet/index.html\" aria-current=\"page\""))
        #expect(!mainnet.contains("href=\"../testnet/index.html\" aria-current=\"page\""))
        // Titles stay per page, outside the shared parts.
        let incident = try #require(files.first { $0.path.hasPrefix("incidents/") }).text
        #expect(incident.components(separatedBy: "<title>").count == 2)
    }

    /// `state.mustache` is rendered once per state and shown wherever a page shows a state.
    @Test func theStateBadgeTemplateStylesEveryStateShown() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        try repository.write("site-template/state.mustache", "<b class=\"badge-{{id}}\">{{word}}</b>\n")
        let files = try buildSite(in: repository).files
        let overview = try #require(files.first { $0.path == "index.html" }).text
        let components = overview.components(separatedBy: "<li class=\"component\">").count - 1
        #expect(components > 0)
        #expect(overview.components(separatedBy: "<b class=\"badge-").count - 1 >= components, "one badge per component")
        #expect(!overview.contains("<span class=\"state state-"), "no state is drawn outside the badge template")
        let incident = try #require(files.first { $0.path.hasPrefix("incidents/") }).text
        #expect(incident.contains(#/<b class="badge-[a-z-]+">[A-Z][a-z ]+</b> · /#), "the severity line uses the badge")
        #expect(!incident.contains("</b>\n ·"), "the template's final newline is not part of the badge")
    }

    @Test func aMissingSharedPartIsReported() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        try FileManager.default.removeItem(at: repository.url.appendingPathComponent("site-template/chrome-footer.mustache"))
        let result = try buildSite(in: repository)
        #expect(result.files.isEmpty)
        #expect(result.report.diagnostics.contains { $0.rule == .templateSyntax && $0.location?.path == "site-template/chrome-footer.mustache" })
    }

    /// A fork's stylesheet that still colours every mark of the bar alike would show outages as
    /// operational: the build warns at the rule and still writes the site.
    @Test func aStylesheetColouringEveryBarMarkAlikeIsWarnedAbout() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        let pristine = try buildSite(in: repository)
        #expect(!pristine.report.diagnostics.contains { $0.rule == .barColours })
        let stylesheet = try String(contentsOf: repository.url.appendingPathComponent("site-template/style.css"), encoding: .utf8)
        let lines = stylesheet.split(separator: "\n", omittingEmptySubsequences: false).count
        try repository.write("site-template/style.css", stylesheet + "/* é */  .bar path { stroke: green; }\n")
        let result = try buildSite(in: repository)
        let warning = try #require(result.report.diagnostics.first { $0.rule == .barColours })
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(path: "site-template/style.css", line: lines, column: 10), "after nine characters, one of them two bytes")
        #expect(!result.files.isEmpty, "a warning does not stop the build")
    }

    /// The escaping pragma the tool adds above each template must not shift the reported line.
    @Test func templateErrorsPointAtTheFilesOwnLine() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        try repository.write("site-template/404.mustache", "{{> head}}\n<p>fine</p>\n<h1>{{/title}}</h1>\n{{> footer}}\n")
        let diagnostic = try #require(try buildSite(in: repository).report.diagnostics.first { $0.rule == .templateSyntax })
        #expect(diagnostic.location?.path == "site-template/404.mustache")
        #expect(diagnostic.location?.line == 3, "the stray section end is on line 3 of the file")
        let pristine = try ownContentRepository()
        defer { pristine.remove() }
        let original = try #require(try buildSite(in: pristine).files.first { $0.path == "404.html" })
        #expect(original.text.hasPrefix("<!DOCTYPE html>"), "the pragma line renders as nothing")
    }
}
