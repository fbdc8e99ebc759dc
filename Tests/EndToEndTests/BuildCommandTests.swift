import CantonStatusTestSupport
import Foundation
import Testing

/// `canton-status build` as CI runs it: the built binary on a temp git repository.
@Suite struct BuildCommandTests {
    static let now = "2026-11-24T10:00Z"
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("site-template")

    /// A status repository with the real templates and one valid incident.
    static func repository(_ extra: [String: String] = [:]) throws -> TempGitRepo {
        var files = ["incidents/2026-11-20-scan-api-latency.md": Fixtures.validIncident]
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) {
            files["site-template/\(name)"] = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
        }
        for (path, text) in extra { files[path] = text }
        return try StatusRepo.make(files)
    }

    @Test func buildsTheSiteAndSaysWhereItIs() throws {
        let repo = try Self.repository()
        defer { repo.remove() }

        let result = try CLI.run(["build", "--now", Self.now, "--timings"], in: repo.url)

        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("built "))
        #expect(result.standardOutput.contains("into _site/; open _site/index.html"))
        #expect(result.standardError.contains("timings: validate and render "))
        let site = repo.url.appendingPathComponent("_site")
        for path in ["index.html", "incidents/2026-11-20-scan-api-latency.html", "feed.atom", "maintenance.ics",
                     "mainnet/api/v2/summary.json", "metrics"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path), "missing \(path)")
        }
        // Nothing is left beside the output: no staging or previous folder.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.url.path).filter { $0.hasPrefix("._site") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aContentErrorKeepsThePreviousSite() throws {
        let repo = try Self.repository()
        defer { repo.remove() }
        #expect(try CLI.run(["build", "--now", Self.now, "--quiet"], in: repo.url).status == 0)
        let index = repo.url.appendingPathComponent("_site/index.html")
        let before = try Data(contentsOf: index)

        try repo.write("incidents/2026-11-21-broken.md", "---\ntitle: Broken\nenvironments: [moonnet]\n---\n")
        let result = try CLI.run(["build", "--now", Self.now], in: repo.url)

        #expect(result.status == 1)
        #expect(result.standardError.contains("incidents/2026-11-21-broken.md:2:1: error: [missing-field]"))
        #expect(result.standardError.contains("build: not written, fix the errors above first"))
        #expect(result.standardOutput.isEmpty)
        #expect(try Data(contentsOf: index) == before)
    }

    @Test func anOutputThatIsAFileIsAnEnvironmentError() throws {
        let repo = try Self.repository(["not-a-folder": "x\n"])
        defer { repo.remove() }

        let result = try CLI.run(["build", "--now", Self.now, "--out", "not-a-folder"], in: repo.url)

        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardError.contains("--out is a file, not a folder"))
        #expect(try String(contentsOf: repo.url.appendingPathComponent("not-a-folder"), encoding: .utf8) == "x\n")
    }
}
