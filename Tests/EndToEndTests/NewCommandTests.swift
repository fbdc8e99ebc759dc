import CantonStatusTestSupport
import Foundation
import Testing

/// `canton-status new incident|maintenance`: a correctly named, valid file, never an overwrite.
@Suite struct NewCommandTests {
    static let now = "2026-11-24T10:05Z"

    @Test func newIncidentWritesAValidFileAndNeverOverwrites() throws {
        let repo = try StatusRepo.make([:])
        defer { repo.remove() }
        let arguments = ["new", "incident", "--title", "Slow Scan API on TestNet", "--env", "mainnet",
                         "--component", "scan-api", "--state", "partial-outage", "--now", Self.now]
        let path = "incidents/2026-11-24-slow-scan-api-on-testnet.md"

        let created = try CLI.run(arguments, in: repo.url)

        #expect(created.status == 0)
        #expect(created.standardOutput == "\(path)\n")
        #expect(created.standardError == "")
        let text = try repo.directory.read(path)
        #expect(text.hasPrefix("---\n"))
        #expect(text.contains("2026-11-24T10:05Z"))
        #expect(text.contains("partial-outage"))

        let validated = try CLI.run(["validate", "--now", Self.now], in: repo.url)
        #expect(validated.status == 0)
        #expect(validated.standardOutput == "no problems in 2 files\n")

        // The operator has started editing; a second identical run must leave the file alone.
        let edited = text + "\nThe Scan API of two SVs answers slowly.\n"
        try repo.write(path, edited)
        let again = try CLI.run(arguments, in: repo.url)
        #expect(again.status == 2)
        #expect(again.standardOutput == "")
        #expect(again.standardError.hasPrefix("error: \(path): already exists; not overwriting it\n  hint: "))
        #expect(try repo.directory.read(path) == edited)
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.url.appendingPathComponent("incidents").path)
            == ["2026-11-24-slow-scan-api-on-testnet.md"])
    }

    @Test func newMaintenanceWritesAValidFileAndNeverOverwrites() throws {
        let repo = try StatusRepo.make([:])
        defer { repo.remove() }
        let arguments = ["new", "maintenance", "--title", "MainNet sequencer upgrade", "--env", "mainnet",
                         "--component", "sequencers", "--component", "rounds",
                         "--start", "2026-12-01T14:00Z", "--end", "2026-12-01T16:00Z", "--reference", "CIP-0089",
                         "--now", Self.now]
        let path = "maintenance/2026-12-01-mainnet-sequencer-upgrade.md"

        let created = try CLI.run(arguments, in: repo.url)

        #expect(created.status == 0)
        #expect(created.standardOutput == "\(path)\n")
        #expect(created.standardError == "")
        let text = try repo.directory.read(path)
        #expect(text.contains("start: 2026-12-01T14:00Z"))
        #expect(text.contains("end: 2026-12-01T16:00Z"))
        #expect(text.contains("CIP-0089"))

        // Uncommitted, so announced "now": a week of notice.
        let validated = try CLI.run(["validate", "--now", Self.now], in: repo.url)
        #expect(validated.status == 0)
        #expect(validated.standardOutput == "no problems in 2 files\n")

        let edited = text + "\nValidators need not do anything.\n"
        try repo.write(path, edited)
        let again = try CLI.run(arguments, in: repo.url)
        #expect(again.status == 2)
        #expect(again.standardOutput == "")
        #expect(again.standardError.hasPrefix("error: \(path): already exists; not overwriting it\n  hint: "))
        #expect(try repo.directory.read(path) == edited)
    }

    @Test func titleWithQuotesAndColonsStaysValidYAML() throws {
        let repo = try StatusRepo.make([:])
        defer { repo.remove() }

        let created = try CLI.run(["new", "incident", "--title", "Scan: \"slow\" # on TestNet", "--env", "testnet",
                                   "--component", "scan-api", "--now", Self.now], in: repo.url)

        #expect(created.status == 0)
        #expect(created.standardOutput == "incidents/2026-11-24-scan-slow-on-testnet.md\n")
        let validated = try CLI.run(["validate", "--now", Self.now], in: repo.url)
        #expect(validated.status == 0)
        #expect(validated.standardOutput == "no problems in 2 files\n")
    }

    @Test func unknownComponentIsReportedAtOnce() throws {
        let repo = try StatusRepo.make([:])
        defer { repo.remove() }
        let path = "incidents/2026-11-24-slow-scan-api.md"

        let created = try CLI.run(["new", "incident", "--title", "Slow Scan API", "--env", "mainnet",
                                   "--component", "scan-apy", "--state", "partial-outage", "--now", Self.now], in: repo.url)

        // The file is written (the operator fixes the id in it), and the error is shown straight away.
        #expect(created.status == 1)
        #expect(created.standardOutput == "\(path)\n")
        let shown = TextDiagnostic.parse(created.standardError)
        #expect(shown.map(\.rule) == ["unknown-component"])
        #expect(shown.first?.header.hasPrefix("\(path):5:") == true)
        #expect(shown.first?.header.hasSuffix("error: [unknown-component] unknown component 'scan-apy'") == true)
        #expect(shown.first?.body.first == "  hint: did you mean 'scan-api'?")
        #expect(!created.standardError.contains("\u{1B}"))

        let validated = try CLI.run(["validate", "--now", Self.now], in: repo.url)
        #expect(validated.status == 1)
        let diagnostics = TextDiagnostic.parse(validated.standardOutput)
        #expect(diagnostics.map(\.header) == shown.map(\.header))
        #expect(validated.outputLines.last == "1 error in 2 files")
    }
}
