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

    /// Makes `clone`'s first push wait until the remote's main is no longer `base`: the other
    /// vantage pushes first, so this one's push is rejected and must rebase. Without it the
    /// interleaving is up to the scheduler and the retry path might go untested. The wait is
    /// bounded (75 s, for a loaded CI machine) so that a failing other vantage cannot hang the test.
    static func holdFirstPush(of clone: URL, untilRemoteLeaves base: String) throws {
        let hook = clone.appendingPathComponent(".git/hooks/pre-push")
        let text = """
            #!/bin/sh
            [ -e .git/held-once ] && exit 0
            : > .git/held-once
            for _ in $(seq 750); do
                [ "$(git ls-remote "$2" refs/heads/main | cut -f1)" != "\(base)" ] && exit 0
                sleep 0.1
            done

            """
        try Data(text.utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    }

    @Test func twoVantagesPushingAtOnceBothLandInALinearHistory() async throws {
        // Two of four SVs down: the other two still agree on the SV set (f+1 = 2), so the outage is
        // measured on a first run (with three down no quorum agrees, and nothing is judged).
        let sim = try SimulatorProcess(svs: 4, scenarios: ["svs-down:2"], now: ProbeCommandTests.time(0))
        defer { sim.stop() }
        let remote = try Remote(content: ["components.yml": ProbeCommandTests.components(seed: sim.endpoints.seedScan)])
        defer { remote.folder.remove() }
        let base = try remote.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)

        // Vantage a works in an existing checkout, as the CI workflow does; vantage b clones for
        // itself into an empty folder, as the CronJob does.
        let checkout = try remote.clone("a")
        try Self.holdFirstPush(of: checkout, untilRemoteLeaves: base)
        let emptyFolder = remote.folder.url.appendingPathComponent("b").path
        async let a = Self.probeAndPush(vantage: "a", at: ProbeCommandTests.time(0), sim, in: checkout)
        async let b = Self.probeAndPush(
            vantage: "b", at: ProbeCommandTests.time(0), sim, in: remote.folder.url,
            environment: ["PROBE_REPO": emptyFolder, "PROBE_CLONE_URL": remote.url], arguments: ["--no-incidents"])
        let (resultA, resultB) = try await (a, b)

        // Half the SVs are down: a partial outage is recorded and pushed, and the exit status says so.
        #expect(resultA.status == 1, "\(resultA.standardError)")
        #expect(resultB.status == 1, "\(resultB.standardError)")
        #expect(resultA.standardError.contains("push rejected (attempt 1 of 8)"), "\(resultA.standardError)")
        #expect(resultA.standardError.contains("probe-and-push(a): pushed"))
        #expect(resultB.standardError.contains("probe-and-push(b): pushed"))

        let files = try remote.lines("ls-tree", "-r", "--name-only", "main")
        for vantage in ["a", "b"] {
            #expect(files.contains("history/mainnet/\(vantage)/latest.json"), "\(files)")
            #expect(files.contains("history/mainnet/\(vantage)/transitions.jsonl"))
            #expect(files.contains("history/mainnet/\(vantage)/samples/2026-11-20.tsv"))
        }
        #expect(try remote.lines("rev-list", "--merges", "main").isEmpty, "rebased, never merged")
        let subjects = try remote.lines("log", "--format=%s|%an", "main")
        #expect(subjects.count == 3, "\(subjects)")
        #expect(subjects.last == "Add content|Status Test")
        #expect(subjects.dropLast().allSatisfy { $0.hasSuffix(" [skip ci]|canton-status probe") }, "\(subjects)")
        #expect(Set(subjects.dropLast().map { String($0.prefix(9)) }) == ["probe(a):", "probe(b):"])
        // Each vantage's commit touches only its own folder: that is why the rebase never conflicts.
        for commit in try remote.lines("rev-list", "main", "--not", base) {
            let subject = try remote.git("log", "-1", "--format=%s", commit)
            let vantage = subject.hasPrefix("probe(a)") ? "a" : "b"
            let changed = try remote.lines("show", "--name-only", "--format=", commit)
            #expect(!changed.isEmpty && changed.allSatisfy { $0.hasPrefix("history/mainnet/\(vantage)/") }, "\(changed)")
        }
    }

    @Test func repeatedConcurrentRunsNeverLoseAResult() async throws {
        let sim = try SimulatorProcess(svs: 4, now: ProbeCommandTests.time(0))
        defer { sim.stop() }
        let remote = try Remote(content: ["components.yml": ProbeCommandTests.components(seed: sim.endpoints.seedScan)])
        defer { remote.folder.remove() }
        let checkouts = [try remote.clone("a"), try remote.clone("b")]

        for minutes in [0, 5, 10] {
            async let a = Self.probeAndPush(vantage: "a", at: ProbeCommandTests.time(minutes), sim, in: checkouts[0])
            async let b = Self.probeAndPush(vantage: "b", at: ProbeCommandTests.time(minutes), sim, in: checkouts[1],
                                            arguments: ["--no-incidents"])
            let (resultA, resultB) = try await (a, b)
            #expect(resultA.status == 0, "\(resultA.standardError)")
            #expect(resultB.status == 0, "\(resultB.standardError)")
        }
        #expect(try remote.lines("rev-list", "--merges", "main").isEmpty)
        #expect(try remote.lines("log", "--format=%s", "main").filter { $0.hasPrefix("probe(") }.count == 6)
        for vantage in ["a", "b"] {
            let samples = try remote.git("show", "main:history/mainnet/\(vantage)/samples/2026-11-20.tsv")
            #expect(samples.split(separator: "\n").count == 3, "one line per run of vantage \(vantage):\n\(samples)")
        }
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
    }
}
