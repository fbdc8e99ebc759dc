import Model
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing
internal import Site
internal import Validation

@Suite struct SiteBuildTests {
    @Test func theRepositoryContentBuildsEveryPage() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        let result = try buildSite(in: repository)
        #expect(!result.report.hasErrors, "\(result.report.diagnostics)")
        let paths = Set(result.files.map(\.path))
        for expected in ["index.html", "404.html", "style.css", "robots.txt", "sitemap.xml", "sla.html", "subscribe.html", "history/index.html",
                         "history/2026-11.html", "mainnet/index.html", "testnet/index.html", "devnet/index.html",
                         "mainnet/components/scan-api.html", "mainnet/components/validator-api.html",
                         "incidents/2026-11-03-mainnet-sequencer-outage.html",
                         "maintenance/2026-12-03-testnet-synchronizer-upgrade.html"] {
            #expect(paths.contains(expected), "missing \(expected)")
        }
        // The validator API is only on MainNet.
        #expect(!paths.contains("testnet/components/validator-api.html"))
    }

    @Test func overviewShowsBannersIncidentsAndMaintenance() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        let files = try buildSite(in: repository).files
        let overview = try #require(files.first { $0.path == "index.html" }).text
        #expect(overview.contains("MainNet</a>: partial outage") || overview.contains("MainNet</a>: maintenance") || overview.contains("MainNet</a>:"))
        #expect(overview.contains("TestNet</a>: degraded performance"))
        #expect(overview.contains("Upcoming maintenance"))
        #expect(overview.contains("<time datetime=\"2026-11-25T14:00:00Z\">25 Nov 2026, 14:00 UTC</time>"))
        #expect(!overview.contains("<script"))
        #expect(overview.utf8.count < 60 * 1024, "overview weighs \(overview.utf8.count) bytes")
        #expect(!overview.contains("http://") && !overview.contains("src=\"https://"), "no external requests")
    }

    @Test func aBusyComponentListsItsRecentIncidentsAndPointsToTheHistory() throws {
        var files: [String: String] = ["components.yml": """
            page: {title: Status, url: "https://status.example.org"}
            environments: [{id: mainnet, name: MainNet, scan: "https://scan.example.org"}]
            groups: [{id: apis, name: APIs}]
            components: [{id: scan-api, name: Scan API, group: apis}]

            """]
        for day in 1...30 {
            let date = String(format: "2026-10-%02d", day)
            files["incidents/\(date)-slow-\(day).md"] = """
                ---
                title: Slow scans \(day)
                environments: [mainnet]
                impact: {scan-api: degraded-performance}
                updates:
                  - {at: \(date)T10:00Z, status: resolved, text: Fixed.}
                ---

                """
        }
        let repository = try siteRepository(files)
        defer { repository.remove() }
        let result = try buildSite(in: repository)
        #expect(!result.report.hasErrors, "\(result.report.diagnostics)")
        let page = try #require(result.files.first { $0.path == "mainnet/components/scan-api.html" }).text
        #expect(page.components(separatedBy: "<li><a href=\"../../incidents/").count - 1 == 25)
        #expect(page.contains("Slow scans 30<") && !page.contains("Slow scans 5<"), "newest first, oldest left out")
        #expect(page.contains("The 25 most recent of 30 incidents"))
        #expect(page.contains("href=\"../../history/index.html\""))
    }

    @Test func sameInputsGiveIdenticalBytes() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        let first = try buildSite(in: repository).files
        let second = try buildSite(in: repository).files
        #expect(first == second)
    }

    @Test func anInterruptedBuildLeavesThePreviousSiteIntact() throws {
        let repository = try ownContentRepository()
        let output = try TemporaryDirectory(prefix: "canton-status-out")
        defer { repository.remove(); output.remove() }
        let site = output.url.appendingPathComponent("_site")
        let files = try buildSite(in: repository).files
        try SiteWriter().write(files, to: site)
        let before = try snapshotOfFolder(site)
        #expect(before.count == files.count)

        let later = try buildSite(in: repository, now: siteNow.adding(seconds: 86_400)).files
        #expect(throws: EnvironmentError.self) {
            try SiteWriter(failAfterFiles: later.count / 2).write(later, to: site)
        }
        #expect(try snapshotOfFolder(site) == before)
        // No staging folder is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["_site"])

        try SiteWriter().write(later, to: site)
        #expect(try snapshotOfFolder(site) != before)
    }

    @Test func contentErrorsWriteNothing() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        try repository.write("incidents/2026-11-20-broken.md", "---\ntitle: x\n---\n")
        let result = try buildSite(in: repository)
        #expect(result.report.hasErrors)
        #expect(result.files.isEmpty)
    }

    @Test func aBrokenTemplateIsReportedWithItsPosition() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        try repository.write("site-template/404.mustache", "{{> head}}\n<h1>{{#title}}never closed</h1>\n")
        let result = try buildSite(in: repository)
        let diagnostic = try #require(result.report.diagnostics.first { $0.rule == .templateSyntax })
        #expect(diagnostic.location?.path == "site-template/404.mustache")
        #expect(result.files.isEmpty)
    }

    func snapshotOfFolder(_ url: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = enumerator?.nextObject() as? URL {
            guard (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            result[String(file.path.dropFirst(url.path.count))] = try Data(contentsOf: file)
        }
        return result
    }
}
