import Model
import Content
import Validation
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing

@Suite struct LibGit2HistoryTests {
    func time(_ text: String) throws -> Timestamp { try Timestamp.parse(text).get() }

    @Test func firstCommitTimeSurvivesLaterEdits() throws {
        let repo = try TempGitRepo()
        defer { repo.remove() }
        try repo.write("maintenance/2026-12-10-a.md", "v1")
        try repo.commitAll("add a", date: "2026-11-01T10:00:00Z")
        try repo.write("maintenance/2026-12-10-a.md", "v2")
        try repo.write("maintenance/2026-12-12-b.md", "b")
        try repo.commitAll("edit a, add b", date: "2026-11-05T10:00:00Z")
        try repo.write("maintenance/2026-12-14-uncommitted.md", "c")

        let commits = try LibGit2History(contentRoot: repo.path).firstCommits(under: "maintenance")
        #expect(commits.times == [
            "maintenance/2026-12-10-a.md": try time("2026-11-01T10:00Z"),
            "maintenance/2026-12-12-b.md": try time("2026-11-05T10:00Z"),
        ])
        #expect(commits.truncated.isEmpty)
    }

    @Test func aRepositoryWithoutCommitsHasNoHistory() throws {
        let repo = try TempGitRepo()
        defer { repo.remove() }
        try repo.write("maintenance/2026-12-10-a.md", "v1")
        #expect(try LibGit2History(contentRoot: repo.path).firstCommits(under: "maintenance") == FirstCommits())
    }

    @Test func contentInASubfolderOfTheRepository() throws {
        let repo = try TempGitRepo()
        defer { repo.remove() }
        try repo.write("status/maintenance/2026-12-10-a.md", "v1")
        try repo.commitAll("add", date: "2026-11-01T10:00:00Z")
        let root = repo.url.appendingPathComponent("status").path
        let commits = try LibGit2History(contentRoot: root).firstCommits(under: "maintenance")
        #expect(commits.times == ["maintenance/2026-12-10-a.md": try time("2026-11-01T10:00Z")])
    }

    @Test func aShallowCloneMarksFilesOlderThanItsHistory() throws {
        let origin = try TempGitRepo()
        defer { origin.remove() }
        try origin.write("maintenance/2026-12-10-old.md", "old")
        try origin.commitAll("old", date: "2026-11-01T10:00:00Z")
        try origin.write("README.md", "x")
        try origin.commitAll("unrelated", date: "2026-11-20T10:00:00Z")
        try origin.write("maintenance/2026-12-12-new.md", "new")
        try origin.commitAll("new", date: "2026-11-22T10:00:00Z")

        let clone = try TemporaryDirectory(prefix: "canton-status-shallow")
        defer { clone.remove() }
        _ = try TempGitRepo.run(git: ["clone", "-q", "--depth", "2", "file://\(origin.path)", clone.path], in: origin.url)

        let commits = try LibGit2History(contentRoot: clone.path).firstCommits(under: "maintenance")
        // The old file is present in the shallow boundary commit: its real first commit is unknown.
        #expect(commits.truncated == ["maintenance/2026-12-10-old.md"])
        #expect(commits.times["maintenance/2026-12-10-old.md"] == (try time("2026-11-20T10:00Z")))
        #expect(commits.times["maintenance/2026-12-12-new.md"] == (try time("2026-11-22T10:00Z")))
    }

    @Test func outsideAGitRepositoryIsAnEnvironmentError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: EnvironmentError.self) { try LibGit2History.workingTreeRoot(containing: directory.path) }
    }

    @Test func validationUsesTheHistoryForTheNoticeRule() throws {
        let repo = try TempGitRepo()
        defer { repo.remove() }
        try repo.write("components.yml", """
            page: {title: Status, url: "https://status.example.org"}
            environments: [{id: mainnet, name: MainNet, scan: "https://scan.example.org"}]
            groups: [{id: core, name: Core}]
            components: [{id: sequencers, name: Sequencers, group: core}]

            """)
        let window = "---\ntitle: Upgrade\nstart: 2026-12-10T14:00Z\nend: 2026-12-10T18:00Z\nenvironments: [mainnet]\ncomponents: [sequencers]\nimpact: major-outage\n---\n"
        try repo.write("maintenance/2026-12-10-upgrade.md", window)
        try repo.commitAll("announce", date: "2026-12-10T04:00:00Z")
        let fileSystem = LocalFileSystem(root: repo.url)
        let report = try ContentValidator(now: try time("2026-12-10T05:00Z"))
            .validate(fileSystem, history: LibGit2History(contentRoot: repo.path))
        #expect(report.diagnostics.map(\.rule) == [.shortNotice])
        #expect(report.diagnostics.first?.message.contains("first committed 2026-12-10T04:00:00Z") == true)
    }
}
