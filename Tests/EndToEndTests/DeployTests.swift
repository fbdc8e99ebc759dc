import CantonSimulator
import CantonStatusTestSupport
import Foundation
import Testing

/// `scripts/probe-and-push`, the one command that both the scheduled CI workflow and the
/// in-cluster CronJob run (docs/deploy.md), against a bare git remote in a temp folder and
/// `canton-sim` on loopback: the script as shipped, with the built `canton-status` given through
/// `CANTON_STATUS`, exactly as the container's PATH gives it.
@Suite struct DeployTests {
    /// `scripts/probe-and-push` of this checkout (this file is `Tests/EndToEndTests/DeployTests.swift`).
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/probe-and-push")

    /// Every run is bounded, so a hung push or a retry loop fails the test instead of stalling CI.
    static let timeout: TimeInterval = 120

    /// A bare `remote.git` holding one commit of content, as a fork on GitHub would.
    struct Remote {
        let folder: TemporaryDirectory
        var path: String { folder.url.appendingPathComponent("remote.git").path }
        /// A `file://` URL, so that `git clone --depth` is honoured as it is over SSH.
        var url: String { "file://" + path }

        init(content: [String: String]) throws {
            folder = try TemporaryDirectory(prefix: "canton-status-deploy")
            do {
                let seed = try StatusRepo.make(content, commitDate: "2026-11-20T13:00:00Z")
                defer { seed.remove() }
                _ = try TempGitRepo.run(git: ["init", "--quiet", "--bare", "-b", "main", "remote.git"], in: folder.url)
                try seed.git("push", "--quiet", path, "main")
            } catch {
                folder.remove()
                throw error
            }
        }

        /// A clone made the way the CI workflow's checkout makes one.
        func clone(_ name: String) throws -> URL {
            _ = try TempGitRepo.run(git: ["clone", "--quiet", url, name], in: folder.url)
            return folder.url.appendingPathComponent(name)
        }

        @discardableResult
        func git(_ arguments: String...) throws -> String {
            try TempGitRepo.run(git: ["--git-dir", path] + arguments, in: folder.url)
        }

        func lines(_ arguments: String...) throws -> [String] {
            try TempGitRepo.run(git: ["--git-dir", path] + arguments, in: folder.url)
                .split(separator: "\n").map(String.init)
        }
    }

    /// Runs the script on a Dispatch thread, not one of Swift concurrency's few cooperative threads,
    /// so two runs really overlap while the simulator answers both.
    static func probeAndPush(
        vantage: String, at time: String, _ sim: SimulatorProcess, in directory: URL,
        environment: [String: String] = [:], arguments: [String] = []
    ) async throws -> ProcessResult {
        var all = [
            "CANTON_STATUS": CLI.binary.path, "VANTAGE": vantage, "VALIDATOR_URL": sim.endpoints.validator,
            "PUSH_ATTEMPTS": "8",
        ]
        for (key, value) in environment { all[key] = value }
        let processEnvironment = all
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ProcessResult, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try ProcessRunner.run(script, ["--now", time] + arguments, in: directory, environment: processEnvironment, timeout: timeout)
                })
            }
        }
        #expect(result.status != -1, "probe-and-push for \(vantage) ran longer than \(Int(timeout))s:\n\(result.standardError)")
        CLI.expectNoCrash(result)
        return result
    }

    /// A pre-push hook for `count` vantages: each waits, on its first push, until all of them have
    /// reached theirs, then all go at once, so the vantages push in the same moment rather than one
    /// after the other as the scheduler happens to run them. Bounded (75 s, for a loaded CI
    /// machine), so that a failing vantage cannot hang the test.
    static func pushTogether(count: Int, barrier: URL, hook: URL) throws {
        try FileManager.default.createDirectory(at: barrier, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: hook.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text = """
            #!/bin/sh
            [ -e .git/held-once ] && exit 0
            : > .git/held-once
            : > "\(barrier.path)/$$"
            for _ in $(seq 750); do
                [ "$(ls "\(barrier.path)" | wc -l)" -ge \(count) ] && exit 0
                sleep 0.1
            done

            """
        try Data(text.utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    }

    /// Every path on a data branch, and its commits' subjects and authors.
    static func dataBranch(_ remote: Remote, _ vantage: String) throws -> (files: [String], commits: [String]) {
        (try remote.lines("ls-tree", "-r", "--name-only", "status-data/\(vantage)"),
         try remote.lines("log", "--format=%s|%an", "status-data/\(vantage)"))
    }

    @Test func twoVantagesPushingAtTheSameMomentNeverConflict() async throws {
        // Two of four SVs down: the other two still agree on the SV set (f+1 = 2), so the outage is
        // measured on a first run (with three down no quorum agrees, and nothing is judged).
        let sim = try SimulatorProcess(svs: 4, scenarios: ["svs-down:2"], now: ProbeCommandTests.time(0))
        defer { sim.stop() }
        let remote = try Remote(content: ["components.yml": ProbeCommandTests.components(seed: sim.endpoints.seedScan)])
        defer { remote.folder.remove() }
        let base = try remote.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)

        // Vantage a works in an existing checkout, as the CI workflow does; vantage b clones for
        // itself into an empty folder, as the CronJob does, and gets the hook through git's
        // configuration from the environment.
        let checkout = try remote.clone("a")
        let barrier = remote.folder.url.appendingPathComponent("barrier")
        let hooks = remote.folder.url.appendingPathComponent("hooks-b")
        try Self.pushTogether(count: 2, barrier: barrier, hook: checkout.appendingPathComponent(".git/hooks/pre-push"))
        try Self.pushTogether(count: 2, barrier: barrier, hook: hooks.appendingPathComponent("pre-push"))
        let emptyFolder = remote.folder.url.appendingPathComponent("b").path
        async let a = Self.probeAndPush(vantage: "a", at: ProbeCommandTests.time(0), sim, in: checkout)
        async let b = Self.probeAndPush(
            vantage: "b", at: ProbeCommandTests.time(0), sim, in: remote.folder.url,
            environment: ["PROBE_REPO": emptyFolder, "PROBE_CLONE_URL": remote.url,
                          "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.hooksPath", "GIT_CONFIG_VALUE_0": hooks.path],
            arguments: ["--no-incidents"])
        let (resultA, resultB) = try await (a, b)

        // Half the SVs are down: a partial outage is recorded and pushed, and the exit status says so.
        #expect(resultA.status == 1, "\(resultA.standardError)")
        #expect(resultB.status == 1, "\(resultB.standardError)")
        for (vantage, result) in [("a", resultA), ("b", resultB)] {
            #expect(result.standardError.contains("probe-and-push(\(vantage)): pushed"), "\(result.standardError)")
            #expect(!result.standardError.contains("failed (attempt"), "one push each, no retry:\n\(result.standardError)")
            let (files, commits) = try Self.dataBranch(remote, vantage)
            #expect(files.contains("history/mainnet/\(vantage)/latest.json"), "\(files)")
            #expect(files.contains("history/mainnet/\(vantage)/transitions.jsonl"))
            #expect(files.contains("history/mainnet/\(vantage)/samples/2026-11-20.tsv"))
            #expect(files.allSatisfy { $0.hasPrefix("history/mainnet/\(vantage)/") }, "only its own folder: \(files)")
            #expect(commits == ["history(\(vantage)): 2026-11-20|canton-status probe"], "\(commits)")
        }
        // Healthy or not, a run without an automated incident leaves main as it was.
        #expect(try remote.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines) == base)
        #expect(try remote.lines("ls-tree", "-r", "--name-only", "main").allSatisfy { !$0.hasPrefix("history/") })
    }

    @Test func repeatedConcurrentRunsNeverLoseAResultAndKeepOneCommitADay() async throws {
        let sim = try SimulatorProcess(svs: 4, now: ProbeCommandTests.time(0))
        defer { sim.stop() }
        let remote = try Remote(content: ["components.yml": ProbeCommandTests.components(seed: sim.endpoints.seedScan)])
        defer { remote.folder.remove() }
        let base = try remote.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)
        let checkouts = [try remote.clone("a"), try remote.clone("b")]

        // Three runs on 20 November, then one just after midnight.
        for minutes in [0, 5, 10, 600] {
            async let a = Self.probeAndPush(vantage: "a", at: ProbeCommandTests.time(minutes), sim, in: checkouts[0])
            async let b = Self.probeAndPush(vantage: "b", at: ProbeCommandTests.time(minutes), sim, in: checkouts[1],
                                            arguments: ["--no-incidents"])
            let (resultA, resultB) = try await (a, b)
            #expect(resultA.status == 0, "\(resultA.standardError)")
            #expect(resultB.status == 0, "\(resultB.standardError)")
        }
        for vantage in ["a", "b"] {
            let samples = try remote.git("show", "status-data/\(vantage):history/mainnet/\(vantage)/samples/2026-11-20.tsv")
            #expect(samples.split(separator: "\n").count == 3, "one line per run of vantage \(vantage):\n\(samples)")
            let (_, commits) = try Self.dataBranch(remote, vantage)
            #expect(commits.map { String($0.prefix { $0 != "|" }) } == ["history(\(vantage)): 2026-11-21", "history(\(vantage)): 2026-11-20"],
                    "one commit a day, amended by each run: \(commits)")
            // The day's commit is dated by its last run, and the next day's sits on top of it.
            #expect(try remote.git("log", "-1", "--format=%cI", "status-data/\(vantage)~1").hasPrefix("2026-11-20T14:15:00"))
        }
        #expect(try remote.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines) == base, "no probe commit on main")
    }

    @Test func anAutomatedIncidentIsAllThatReachesMain() async throws {
        let sim = try SimulatorProcess(svs: 4, scenarios: ["svs-down:2"], now: ProbeCommandTests.time(0))
        defer { sim.stop() }
        let remote = try Remote(content: ["components.yml": ProbeCommandTests.components(seed: sim.endpoints.seedScan)])
        defer { remote.folder.remove() }
        let base = try remote.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)
        let checkout = try remote.clone("a")
        // Half the SVs down: after 3 failed runs the Scan API and the sequencers get an incident each.
        for minutes in [0, 5, 10] {
            let result = try await Self.probeAndPush(vantage: "a", at: ProbeCommandTests.time(minutes), sim, in: checkout)
            #expect(result.status == 1, "\(result.standardError)")
        }
        let added = try remote.lines("rev-list", "main", "--not", base)
        #expect(added.count == 1, "one commit on main, the incident's: \(added)")
        let changed = try remote.lines("show", "--name-only", "--format=", "main")
        #expect(changed == ["incidents/2026-11-20-auto-mainnet-scan-api.md", "incidents/2026-11-20-auto-mainnet-sequencers.md"],
                "\(changed)")
        #expect(try remote.git("log", "-1", "--format=%s", "main").hasPrefix("probe(a): automated incidents "))
        #expect(try Self.dataBranch(remote, "a").commits.count == 1)
    }

    @Test func aRunThatCannotProbeCommitsNothing() async throws {
        let sim = try SimulatorProcess(svs: 4, now: ProbeCommandTests.time(0))
        defer { sim.stop() }
        let remote = try Remote(content: ["components.yml": ProbeCommandTests.components(seed: sim.endpoints.seedScan)])
        defer { remote.folder.remove() }
        let before = try remote.git("rev-parse", "main")
        let checkout = try remote.clone("a")

        // The check's ${VALIDATOR_URL} is missing: probe exits 2 before sending anything.
        let result = try await Self.probeAndPush(vantage: "a", at: ProbeCommandTests.time(0), sim, in: checkout,
                                                 environment: ["VALIDATOR_URL": ""])
        #expect(result.status == 2)
        #expect(result.standardError.contains("environment variable VALIDATOR_URL is not set"), "\(result.standardError)")
        #expect(result.standardError.contains("probe-and-push(a): probe exited 2; nothing is committed"))
        #expect(try remote.git("rev-parse", "main") == before)
        #expect(try remote.lines("for-each-ref", "refs/heads/status-data/").isEmpty, "no data branch either")
    }
}
