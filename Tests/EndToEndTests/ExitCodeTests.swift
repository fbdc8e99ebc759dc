import CantonStatusTestSupport
import Foundation
import Testing

/// Exit status 2: the tool could not run (not a repository, no `components.yml`) or was called wrongly.
/// Always a plain message on standard error, nothing on standard output, never a stack trace.
@Suite struct ExitCodeTests {
    static let now = "2026-11-24T10:00Z"

    @Test func outsideAGitRepository() throws {
        let folder = try TemporaryDirectory(prefix: "canton-status-not-a-repo")
        defer { folder.remove() }
        try folder.write("components.yml", Fixtures.componentsYAML)

        let result = try CLI.run(["validate", "--now", Self.now], in: folder.url)

        #expect(result.status == 2)
        #expect(result.standardOutput == "")
        let lines = result.errorLines
        #expect(lines.first?.hasPrefix("error: ") == true)
        #expect(lines.first?.hasSuffix(": not a git repository (or any parent up to /)") == true, "\(result.standardError)")
        #expect(lines.dropFirst().first?.hasPrefix("  hint: ") == true)
        #expect(lines.count == 2)
    }

    @Test func newOutsideAGitRepository() throws {
        let folder = try TemporaryDirectory(prefix: "canton-status-not-a-repo")
        defer { folder.remove() }

        let result = try CLI.run(["new", "incident", "--title", "Slow Scan", "--env", "mainnet", "--component", "scan-api",
                                  "--now", Self.now], in: folder.url)

        #expect(result.status == 2)
        #expect(result.standardOutput == "")
        #expect(result.standardError.contains("not a git repository"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("incidents").path))
    }

    @Test func missingComponentsFile() throws {
        let repo = try StatusRepo.make(["incidents/2026-11-20-scan-api-latency.md": Fixtures.validIncident],
                                       withComponents: false)
        defer { repo.remove() }

        let result = try CLI.run(["validate", "--now", Self.now], in: repo.url)

        #expect(result.status == 2)
        #expect(result.standardOutput == "")
        #expect(result.standardError == """
            error: components.yml: no components.yml here
              hint: run inside a canton-status repository, or pass --repo DIR

            """)
    }

    struct UsageCase: NamedCase {
        var name: String
        var arguments: [String]
        /// Each must appear in standard error.
        var messages: [String]
    }

    @Test(arguments: [
        UsageCase(name: "unknown flag", arguments: ["validate", "--bogus", "--now", ExitCodeTests.now],
                  messages: ["Unknown option '--bogus'", "Usage: canton-status validate"]),
        UsageCase(name: "unknown subcommand", arguments: ["frobnicate"],
                  messages: ["Unexpected argument 'frobnicate'", "Usage: canton-status"]),
        UsageCase(name: "unknown format", arguments: ["validate", "--format", "xml", "--now", ExitCodeTests.now],
                  messages: ["'xml' is invalid for '--format <format>'", "text", "json", "github"]),
        UsageCase(name: "--now without a zone", arguments: ["validate", "--now", "2026-11-24T10:00"],
                  messages: ["--now '2026-11-24T10:00' is not an ISO 8601 time with a zone"]),
        UsageCase(name: "--repo that does not exist", arguments: ["validate", "--repo", "/nonexistent/status", "--now", ExitCodeTests.now],
                  messages: ["/nonexistent/status: no such folder", "hint: "]),
        UsageCase(name: "new incident with an unknown state",
                  arguments: ["new", "incident", "--title", "X", "--env", "mainnet", "--component", "scan-api",
                              "--state", "kaput", "--now", ExitCodeTests.now],
                  messages: ["--state must be one of operational, degraded-performance, partial-outage, major-outage"]),
        UsageCase(name: "new incident without a title",
                  arguments: ["new", "incident", "--env", "mainnet", "--component", "scan-api", "--now", ExitCodeTests.now],
                  messages: ["Missing expected argument '--title <title>'"]),
        UsageCase(name: "new maintenance with a start without zone",
                  arguments: ["new", "maintenance", "--title", "X", "--env", "mainnet", "--component", "sequencers",
                              "--start", "2026-12-01T14:00", "--end", "2026-12-01T16:00Z", "--now", ExitCodeTests.now],
                  messages: ["--start '2026-12-01T14:00' is not an ISO 8601 time with a zone"]),
    ])
    func usageErrors(_ testCase: UsageCase) throws {
        let repo = try StatusRepo.make([:])
        defer { repo.remove() }

        let result = try CLI.run(testCase.arguments, in: repo.url)

        #expect(result.status == 2)
        #expect(result.standardOutput == "")
        for message in testCase.messages {
            #expect(result.standardError.contains(message), "missing \(message.debugDescription) in:\n\(result.standardError)")
        }
        // Nothing was written by a rejected `new`.
        #expect(!FileManager.default.fileExists(atPath: repo.url.appendingPathComponent("incidents").path))
        #expect(!FileManager.default.fileExists(atPath: repo.url.appendingPathComponent("maintenance").path))
    }
}
