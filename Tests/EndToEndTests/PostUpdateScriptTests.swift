import CantonStatusTestSupport
import Foundation
import Testing

/// `scripts/post-update`, the step of the "Post or update an incident" workflow that writes and
/// pushes the change, run as shipped in a clone of a bare remote with the built `canton-status`.
@Suite struct PostUpdateScriptTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/post-update")

    static let existing = UpdateCommandTests.incident

    static func run(_ inputs: [String: String], in clone: URL, output: URL? = nil) throws -> ProcessResult {
        var environment = ["CANTON_STATUS": CLI.binary.path, "POST_NOW": "2026-11-20T14:30Z",
                           "GIT_AUTHOR_NAME": "sv-operator", "GIT_AUTHOR_EMAIL": "ops@sv.example"]
        if let output { environment["GITHUB_OUTPUT"] = output.path }
        for (key, value) in inputs { environment[key] = value }
        let result = try ProcessRunner.run(script, [], in: clone, environment: environment, timeout: CLI.timeout)
        #expect(result.status != -1, "post-update ran longer than \(Int(CLI.timeout))s")
        CLI.expectNoCrash(result)
        return result
    }

    @Test func aNewIncidentIsPushedToItsOwnBranchWithOnlyItsFile() throws {
        let remote = try DeployTests.Remote(content: [:])
        defer { remote.folder.remove() }
        let clone = try remote.clone("work")
        let output = remote.folder.url.appendingPathComponent("github-output")
        // Text an operator typed, with what a shell would expand: it must arrive as written.
        let text = "Scans answer slowly; see `$(touch pwned)` and $HOME."
        let result = try Self.run(["INCIDENT": "Scan latency on MainNet", "NETWORKS": "mainnet", "COMPONENTS": "scan-api, rounds",
                                   "STATE": "partial-outage", "TEXT": text], in: clone, output: output)
        #expect(result.status == 0, "\(result.standardError)")
        let branch = try #require(result.outputLines.last)
        #expect(branch.hasPrefix("status/2026-11-20-scan-latency-on-mainnet-"))
        #expect(!FileManager.default.fileExists(atPath: clone.appendingPathComponent("pwned").path))

        let path = "incidents/2026-11-20-scan-latency-on-mainnet.md"
        #expect(try remote.lines("show", "--name-only", "--format=%an|%s", branch) == ["sv-operator|New incident: Scan latency on MainNet", path])
        #expect(try remote.lines("rev-parse", "main") == remote.lines("rev-parse", "\(branch)~1"), "the branch is one commit on main")
        let file = try remote.git("show", "\(branch):\(path)")
        #expect(file.contains("\"scan-api\": partial-outage") && file.contains("\"rounds\": partial-outage"), "\(file)")
        #expect(file.contains(text), "the text arrives as typed:\n\(file)")
        let outputs = try String(contentsOf: output, encoding: .utf8)
        #expect(outputs.contains("branch=\(branch)\n") && outputs.contains("path=\(path)\n"), "\(outputs)")
    }

    @Test func anUpdateChangesOnlyTheIncidentAndARefusalPushesNothing() throws {
        let remote = try DeployTests.Remote(content: [UpdateCommandTests.incidentPath: Self.existing])
        defer { remote.folder.remove() }
        let clone = try remote.clone("work")
        let id = "2026-11-20-scan-latency"
        let result = try Self.run(["INCIDENT": id, "STATUS": "identified", "STATE": "major-outage", "COMPONENTS": "scan-api",
                                   "TEXT": "- Two Scans' disks are full."], in: clone)
        #expect(result.status == 0, "\(result.standardError)")
        let branch = try #require(result.outputLines.last)
        let file = try remote.git("show", "\(branch):\(UpdateCommandTests.incidentPath)")
        #expect(file.contains("  scan-api: major-outage\n"))
        #expect(file.contains("  - at: 2026-11-20T14:30:00Z\n    status: identified\n    text: \"- Two Scans' disks are full.\"\n"))
        #expect(file.contains("# Raised by the on-call operator."), "comments stay")

        // A second clone, still on main: resolving before the first update is out of order.
        let other = try remote.clone("other")
        let refused = try Self.run(["INCIDENT": id, "STATUS": "resolved", "TEXT": "Fixed.", "POST_NOW": "2026-11-20T14:00Z"], in: other)
        #expect(refused.status == 1, "\(refused.standardError)")
        #expect(refused.standardError.contains("nothing was written"))
        #expect(try remote.lines("branch", "--list", "status/*").count == 1, "only the first run pushed a branch")

        let missing = try Self.run(["INCIDENT": id, "TEXT": "No status."], in: other)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("STATUS is empty"))
        let notNew = try Self.run(["INCIDENT": "A title", "NETWORKS": "mainnet", "COMPONENTS": "scan-api", "STATUS": "monitoring",
                                   "TEXT": "x"], in: other)
        #expect(notNew.status == 2)
        #expect(notNew.standardError.contains("starts as investigating"))
    }
}
