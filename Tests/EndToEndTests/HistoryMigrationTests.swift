import CantonSimulator
import CantonStatusTestSupport
import Foundation
import Testing

/// `canton-status history migrate` on a repository whose probe history was committed on main, as
/// every run used to do, then pushed to a bare remote and built from a fresh clone: the history
/// arrives on the data branches, one commit per vantage and day, and main carries none of it.
@Suite struct HistoryMigrationTests {
    @Test func historyMovesToOneBranchPerVantageAndDayAndTheSiteStillShowsIt() async throws {
        let sim = try SimulatorProcess(svs: 4, now: ProbeCommandTests.time(0))
        defer { sim.stop() }
        var files = ["components.yml": ProbeCommandTests.components(seed: sim.endpoints.seedScan)]
        for name in try FileManager.default.contentsOfDirectory(atPath: BuildCommandTests.templates.path) {
            files["site-template/\(name)"] = try String(contentsOf: BuildCommandTests.templates.appendingPathComponent(name), encoding: .utf8)
        }
        let repo = try StatusRepo.make(files, commitDate: "2026-11-20T13:00:00Z")
        defer { repo.remove() }
        let environment = ["VALIDATOR_URL": sim.endpoints.validator]
        // Two vantages, runs on two days (two on the first), each committed on main as before.
        for minutes in [0, 5, 24 * 60] {
            let time = ProbeCommandTests.time(minutes)
            for vantage in ["a", "b"] {
                let probe = try await CLI.runDetached(["probe", "--vantage", vantage, "--no-incidents", "--now", time, "--quiet"],
                                                      in: repo.url, environment: environment)
                #expect(probe.status == 0, "\(probe.standardError)")
            }
            try repo.commitAll("probe \(time)", date: time)
        }
        let lastSamples = try repo.git("show", "HEAD:history/mainnet/a/samples/2026-11-20.tsv")

        let migrate = try CLI.run(["history", "migrate"], in: repo.url)
        #expect(migrate.status == 0, "\(migrate.standardError)")
        #expect(migrate.outputLines.prefix(2) == ["history: status-data/a: 2 daily commits", "history: status-data/b: 2 daily commits"],
                "\(migrate.standardOutput)")
        #expect(!FileManager.default.fileExists(atPath: repo.url.appendingPathComponent("history").path))
        // Refused a second time: the branches exist.
        let again = try CLI.run(["history", "migrate"], in: repo.url)
        #expect(again.status == 2)
        try repo.commitAll("Move probe history to data branches", date: ProbeCommandTests.time(24 * 60 + 5))

        let remote = try TemporaryDirectory(prefix: "canton-status-migrate-remote")
        defer { remote.remove() }
        _ = try TempGitRepo.run(git: ["init", "--quiet", "--bare", "-b", "main", "remote.git"], in: remote.url)
        let remotePath = remote.url.appendingPathComponent("remote.git").path
        try repo.git("push", "--quiet", remotePath, "main", "refs/heads/status-data/*:refs/heads/status-data/*")

        func remoteGit(_ arguments: String...) throws -> String {
            try TempGitRepo.run(git: ["--git-dir", remotePath] + arguments, in: remote.url)
        }
        #expect(try remoteGit("ls-tree", "-r", "--name-only", "main").split(separator: "\n").allSatisfy { !$0.hasPrefix("history/") })
        for vantage in ["a", "b"] {
            let commits = try remoteGit("log", "--format=%s|%cI", "status-data/\(vantage)").split(separator: "\n")
            #expect(commits == ["history(\(vantage)): 2026-11-21 (migrated)|2026-11-21T14:05:00+00:00",
                                "history(\(vantage)): 2026-11-20 (migrated)|2026-11-20T14:10:00+00:00"], "\(commits)")
            let files = try remoteGit("ls-tree", "-r", "--name-only", "status-data/\(vantage)").split(separator: "\n")
            #expect(files.allSatisfy { $0.hasPrefix("history/mainnet/\(vantage)/") }, "\(files)")
        }
        // The first day's commit holds the day's last state: both runs' samples.
        #expect(try remoteGit("show", "status-data/a~1:history/mainnet/a/samples/2026-11-20.tsv") == lastSamples)

        // A fresh clone builds the page from the data branches: both vantages report.
        _ = try TempGitRepo.run(git: ["clone", "--quiet", remotePath, "clone"], in: remote.url)
        let clone = remote.url.appendingPathComponent("clone")
        let build = try CLI.run(["build", "--now", ProbeCommandTests.time(24 * 60 + 6), "--out", "_site", "--quiet"], in: clone)
        #expect(build.status == 0, "\(build.standardError)")
        let network = try String(contentsOf: clone.appendingPathComponent("_site/mainnet/index.html"), encoding: .utf8)
        #expect(network.contains("2 of 2 vantages reporting"), "\(network.prefix(2000))")
    }
}
