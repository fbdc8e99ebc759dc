import CantonStatusTestSupport
import Foundation
import Testing

/// `update` and `resolve` as an operator runs them mid-incident: the change at its place, the diff
/// printed, the result valid; anything validation would reject refused with nothing written.
@Suite struct UpdateCommandTests {
    static let incidentPath = "incidents/2026-11-20-scan-latency.md"
    static let incident = """
        ---
        title: Scan latency on MainNet
        environments: [mainnet]
        # Raised by the on-call operator.
        impact:
          scan-api: degraded-performance
        updates:
          - at: 2026-11-20T14:05Z
            status: investigating
            text: Several Scans answer slowly.
        ---

        Root cause to follow.

        """
    static let windowPath = "maintenance/2026-11-28-testnet-upgrade.md"
    static let window = """
        ---
        title: TestNet upgrade
        start: 2026-11-28T14:00Z
        end: 2026-11-28T16:00Z
        environments: [testnet]
        components: [sequencers]
        impact: major-outage
        ---

        The synchronizer pauses.

        """

    static func repo() throws -> TempGitRepo {
        try StatusRepo.make([incidentPath: incident, windowPath: window], commitDate: "2026-11-20T14:06:00Z")
    }

    static func read(_ repo: TempGitRepo, _ path: String) throws -> String {
        try String(contentsOf: repo.url.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func anUpdateWithAnImpactIsWrittenInPlaceAndItsDiffPrinted() throws {
        let repo = try Self.repo()
        defer { repo.remove() }
        let result = try CLI.run(["update", "2026-11-20-scan-latency", "--status", "identified",
                                  "--text", "Two Scans' disks filled up: cleaning.", "--impact", "scan-api=partial-outage",
                                  "--impact", "rounds=degraded-performance", "--now", "2026-11-20T14:30Z"], in: repo.url)
        #expect(result.status == 0, "\(result.standardError)")
        let expected = Self.incident
            .replacingOccurrences(of: "  scan-api: degraded-performance\n",
                                  with: "  scan-api: partial-outage\n  rounds: degraded-performance\n")
            .replacingOccurrences(of: "    text: Several Scans answer slowly.\n",
                                  with: "    text: Several Scans answer slowly.\n  - at: 2026-11-20T14:30:00Z\n"
                                      + "    status: identified\n    text: \"Two Scans' disks filled up: cleaning.\"\n")
        #expect(try Self.read(repo, Self.incidentPath) == expected)
        // The diff is git's: a header for the file, the changed lines marked.
        #expect(result.outputLines.contains("+++ b/\(Self.incidentPath)"))
        #expect(result.outputLines.contains("-  scan-api: degraded-performance"))
        #expect(result.outputLines.contains("+  scan-api: partial-outage"))
        #expect(result.outputLines.contains("+  - at: 2026-11-20T14:30:00Z"))
        #expect(!result.outputLines.contains { $0.hasPrefix("-") && $0.contains("# Raised") })

        let validated = try CLI.run(["validate", "--now", "2026-11-20T14:31Z"], in: repo.url)
        #expect(validated.status == 0, "\(validated.standardOutput)\(validated.standardError)")
    }

    @Test func resolveEndsTheIncidentAndNothingMayFollowIt() throws {
        let repo = try Self.repo()
        defer { repo.remove() }
        let resolved = try CLI.run(["resolve", "2026-11-20-scan-latency", "--text", "All Scans answer in time again.",
                                    "--now", "2026-11-20T15:10Z"], in: repo.url)
        #expect(resolved.status == 0, "\(resolved.standardError)")
        let text = try Self.read(repo, Self.incidentPath)
        #expect(text.contains("  - at: 2026-11-20T15:10:00Z\n    status: resolved\n    text: \"All Scans answer in time again.\"\n---\n"))

        // An update after `resolved` is what validation rejects: refused, the file untouched.
        let late = try CLI.run(["update", "2026-11-20-scan-latency", "--status", "monitoring", "--text", "Still watching.",
                                "--now", "2026-11-20T15:20Z"], in: repo.url)
        #expect(late.status == 1)
        #expect(late.standardError.contains("\(Self.incidentPath):"), "\(late.standardError)")
        #expect(late.standardError.contains("resolved"), "\(late.standardError)")
        #expect(late.standardError.contains("nothing was written"))
        #expect(try Self.read(repo, Self.incidentPath) == text)
    }

    @Test func whatValidationWouldRejectIsRefusedWithNothingWritten() throws {
        let repo = try Self.repo()
        defer { repo.remove() }
        // A component id that does not exist: the diagnostic points into the edited file with a suggestion.
        let typo = try CLI.run(["update", "2026-11-20-scan-latency", "--status", "identified", "--text", "x",
                                "--impact", "scan-apy=partial-outage", "--now", "2026-11-20T14:30Z"], in: repo.url)
        #expect(typo.status == 1)
        #expect(typo.standardError.contains("\(Self.incidentPath):"))
        #expect(typo.standardError.contains("scan-api"), "a 'did you mean' names the right id: \(typo.standardError)")
        // Earlier than the last update: out of order.
        let early = try CLI.run(["update", "2026-11-20-scan-latency", "--status", "identified", "--text", "x",
                                 "--now", "2026-11-20T14:00Z"], in: repo.url)
        #expect(early.status == 1, "\(early.standardError)")
        // A status incidents do not have.
        let wrong = try CLI.run(["update", "2026-11-20-scan-latency", "--status", "in-progress", "--text", "x",
                                 "--now", "2026-11-20T14:30Z"], in: repo.url)
        #expect(wrong.status == 1)
        #expect(wrong.standardError.contains("investigating, identified, monitoring, resolved"), "\(wrong.standardError)")
        #expect(try Self.read(repo, Self.incidentPath) == Self.incident)

        let unknown = try CLI.run(["update", "2026-11-20-nothing", "--status", "identified", "--text", "x"], in: repo.url)
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no incident or maintenance window with id '2026-11-20-nothing'"))
        let badImpact = try CLI.run(["update", "2026-11-20-scan-latency", "--status", "identified", "--text", "x",
                                     "--impact", "scan-api"], in: repo.url)
        #expect(badImpact.status == 2)
        #expect(badImpact.standardError.contains("component=state"))
    }

    @Test func aWindowIsStartedAndCompletedAndADryRunWritesNothing() throws {
        let repo = try Self.repo()
        defer { repo.remove() }
        let dry = try CLI.run(["update", Self.windowPath, "--status", "in-progress", "--text", "The pause has begun.",
                               "--now", "2026-11-28T14:02Z", "--dry-run"], in: repo.url)
        #expect(dry.status == 0, "\(dry.standardError)")
        #expect(dry.outputLines.contains("+updates:"))
        #expect(try Self.read(repo, Self.windowPath) == Self.window)

        let started = try CLI.run(["update", "2026-11-28-testnet-upgrade", "--status", "in-progress",
                                   "--text", "The pause has begun.", "--now", "2026-11-28T14:02Z"], in: repo.url)
        #expect(started.status == 0, "\(started.standardError)")
        let completed = try CLI.run(["resolve", "2026-11-28-testnet-upgrade", "--text", "Done.\n\nRedeploy with `migration.id: 2`.",
                                     "--now", "2026-11-28T15:40Z"], in: repo.url)
        #expect(completed.status == 0, "\(completed.standardError)")
        #expect(try Self.read(repo, Self.windowPath) == Self.window.replacingOccurrences(of: "impact: major-outage\n", with: """
            impact: major-outage
            updates:
              - at: 2026-11-28T14:02:00Z
                status: in-progress
                text: "The pause has begun."
              - at: 2026-11-28T15:40:00Z
                status: completed
                text: |-
                  Done.

                  Redeploy with `migration.id: 2`.

            """))
        let impact = try CLI.run(["update", "2026-11-28-testnet-upgrade", "--status", "completed", "--text", "x",
                                  "--impact", "sequencers=partial-outage"], in: repo.url)
        #expect(impact.status == 1)
        #expect(impact.standardError.contains("--impact applies to incidents"))
    }
}
