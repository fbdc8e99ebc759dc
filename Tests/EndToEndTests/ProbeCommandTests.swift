import CantonSimulator
import CantonStatusTestSupport
import Foundation
import Testing

/// `canton-status probe` as the scheduled CI job runs it, against `canton-sim` on loopback, with
/// `--now` stepping the clock through a failure and its recovery.
@Suite struct ProbeCommandTests {
    static let start = Date(timeIntervalSince1970: 1_795_183_500)  // 2026-11-20T14:05:00Z

    static func components(seed: String) -> String {
        """
        page: {title: Sim, url: "https://status.example.org"}
        environments:
          - {id: mainnet, name: MainNet, scan: "\(seed)"}
        groups:
          - {id: synchronizer, name: Global Synchronizer}
          - {id: apis, name: APIs}
        components:
          - {id: sequencers, name: Sequencers, group: synchronizer, checks: [{type: sequencers, timeout: 2s}]}
          - {id: scan-api, name: Scan API, group: apis, checks: [{type: scans, path: /api/scan/readyz, timeout: 2s, open_incident_after: 3, resolve_after: 2}]}
          - id: validator-api
            name: Validator API
            group: apis
            checks:
              - {type: http, url: "${VALIDATOR_URL}/api/validator/readyz", expect: 200, timeout: 2s}

        """
    }

    /// `2026-11-20T14:05Z` plus `minutes`.
    static func time(_ minutes: Int) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: start.addingTimeInterval(Double(minutes * 60)))
    }

    static func probe(_ repo: TempGitRepo, at minutes: Int, _ sim: SimulatorProcess, vantage: String = "ci", extra: [String] = []) async throws -> ProcessResult {
        try await CLI.runDetached(["probe", "--now", time(minutes), "--vantage", vantage] + extra, in: repo.url,
                                  environment: ["VALIDATOR_URL": sim.endpoints.validator])
    }

    static func incidentFiles(_ repo: TempGitRepo) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: repo.url.appendingPathComponent("incidents").path).sorted()
    }

    @Test func anAutomatedIncidentOpensAfterThreeFailuresAndResolvesAfterTwoGoodRuns() async throws {
        let sim = try SimulatorProcess(svs: 4, now: Self.time(-5))
        defer { sim.stop() }
        // Operators already posted an incident about the sequencers: probes must follow it, not add
        // a second one, and never edit it.
        let human = """
            ---
            title: "Sequencer trouble"
            environments: [mainnet]
            impact: {sequencers: partial-outage}
            updates:
              - at: 2026-11-20T14:00Z
                status: investigating
                text: We are looking into it.
            ---

            """
        let repo = try StatusRepo.make(["components.yml": Self.components(seed: sim.endpoints.seedScan),
                                        "incidents/2026-11-20-sequencer-trouble.md": human], commitDate: "2026-11-20T13:00:00Z")
        defer { repo.remove() }

        // A healthy run first: with three of four Scans down no quorum agrees on the SV set, and
        // only a view agreed before lets the prober measure the outage instead of not judging.
        #expect(try await Self.probe(repo, at: -5, sim).status == 0)
        try await sim.set(["svs-down:3"])
        for minutes in [0, 5] {
            let result = try await Self.probe(repo, at: minutes, sim)
            #expect(result.status == 1, "an outage exits 1: \(result.standardError)")
            #expect(try Self.incidentFiles(repo) == ["2026-11-20-sequencer-trouble.md"], "nothing opens before the third failed run")
        }
        var result = try await Self.probe(repo, at: 10, sim)
        #expect(result.standardOutput.contains("probe: opened incidents/2026-11-20-auto-mainnet-scan-api.md"), "\(result.standardOutput)")
        #expect(try Self.incidentFiles(repo) == ["2026-11-20-auto-mainnet-scan-api.md", "2026-11-20-sequencer-trouble.md"])
        let opened = try String(contentsOf: repo.url.appendingPathComponent("incidents/2026-11-20-auto-mainnet-scan-api.md"), encoding: .utf8)
        #expect(opened.contains("automated: true"))
        #expect(opened.contains("impact: {scan-api: major-outage}"))
        #expect(opened.contains("started: 2026-11-20T14:05:00Z"))
        #expect(opened.contains("3 of 4 SV Scans not ready"))
        #expect(opened.contains("Fault budget: Scans: 1 of 4 ready; a verified read needs 2 that agree: below quorum, reads cannot be verified."),
                "the budget line, which Slack and e-mail carry with the update: \(opened)")

        result = try await Self.probe(repo, at: 15, sim)
        #expect(try Self.incidentFiles(repo).count == 2, "the same ongoing failure never opens a second incident")

        try await sim.set(["healthy"])
        result = try await Self.probe(repo, at: 20, sim)
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("resolved"), "one good run is not enough")
        result = try await Self.probe(repo, at: 25, sim)
        #expect(result.standardOutput.contains("probe: resolved incidents/2026-11-20-auto-mainnet-scan-api.md"))
        let resolved = try String(contentsOf: repo.url.appendingPathComponent("incidents/2026-11-20-auto-mainnet-scan-api.md"), encoding: .utf8)
        #expect(resolved.hasPrefix(opened.components(separatedBy: "\n---\n")[0]), "the update is appended, nothing else changes")
        #expect(resolved.contains("status: resolved"))
        #expect(try String(contentsOf: repo.url.appendingPathComponent("incidents/2026-11-20-sequencer-trouble.md"), encoding: .utf8) == human)

        // The repository is still valid content after the probe's edits.
        let validation = try CLI.run(["validate", "--now", Self.time(26)], in: repo.url)
        #expect(validation.status == 0, "\(validation.standardOutput)")
    }

    @Test func historyIsAppendedPerVantageAndNeverRewritten() async throws {
        let sim = try SimulatorProcess(svs: 4, now: Self.time(0))
        defer { sim.stop() }
        let repo = try StatusRepo.make(["components.yml": Self.components(seed: sim.endpoints.seedScan)], commitDate: "2026-11-20T13:00:00Z")
        defer { repo.remove() }

        #expect(try await Self.probe(repo, at: 0, sim, vantage: "ci").status == 0)
        let transitions = repo.url.appendingPathComponent("history/mainnet/ci/transitions.jsonl")
        let first = try String(contentsOf: transitions, encoding: .utf8)
        try await sim.set(["svs-down:3"])
        #expect(try await Self.probe(repo, at: 5, sim, vantage: "ci").status == 1)
        #expect(try await Self.probe(repo, at: 5, sim, vantage: "cluster-eu", extra: ["--no-incidents"]).status == 1)
        let second = try String(contentsOf: transitions, encoding: .utf8)
        #expect(second.hasPrefix(first), "old lines are kept as they were")
        #expect(second.components(separatedBy: "\n").filter { $0.contains("\"component\":\"scan-api\"") }.count == 2)
        let samples = try String(contentsOf: repo.url.appendingPathComponent("history/mainnet/ci/samples/2026-11-20.tsv"), encoding: .utf8)
        #expect(samples.split(separator: "\n").count == 2)
        #expect(FileManager.default.fileExists(atPath: repo.url.appendingPathComponent("history/mainnet/cluster-eu/latest.json").path))
        let incidents = (try? Self.incidentFiles(repo)) ?? []
        #expect(incidents.isEmpty, "one failed run opens nothing, and a --no-incidents vantage never does")
    }

    @Test func aMissingVariableStopsTheRunBeforeAnyRequest() async throws {
        let repo = try StatusRepo.make(["components.yml": Self.components(seed: "http://127.0.0.1:9")], commitDate: "2026-11-20T13:00:00Z")
        defer { repo.remove() }
        let result = try CLI.run(["probe", "--now", Self.time(0)], in: repo.url, environment: ["VALIDATOR_URL": ""])
        #expect(result.status == 2)
        #expect(result.standardError.contains("environment variable VALIDATOR_URL is not set (needed by the URL of a 'validator-api' check)"))
        #expect(!FileManager.default.fileExists(atPath: repo.url.appendingPathComponent("history").path))
    }

    @Test func invalidContentProbesNothingAndExits2() throws {
        let repo = try StatusRepo.make(["components.yml": Self.components(seed: "http://127.0.0.1:9"),
                                        "incidents/2026-11-20-broken.md": "---\ntitle: Broken\n---\n"], commitDate: "2026-11-20T13:00:00Z")
        defer { repo.remove() }
        let result = try CLI.run(["probe", "--now", Self.time(0)], in: repo.url, environment: ["VALIDATOR_URL": "http://127.0.0.1:9"])
        #expect(result.status == 2, "exit 1 would mean an outage was measured and recorded")
        #expect(result.standardError.contains("nothing was probed"))
        #expect(!FileManager.default.fileExists(atPath: repo.url.appendingPathComponent("history").path))
    }

    @Test func aVantageNameMustBeKebabCase() throws {
        let repo = try StatusRepo.make(["components.yml": Self.components(seed: "http://127.0.0.1:9")], commitDate: "2026-11-20T13:00:00Z")
        defer { repo.remove() }
        let result = try CLI.run(["probe", "--vantage", "../escape"], in: repo.url)
        #expect(result.status == 2)
        #expect(result.standardError.contains("--vantage '../escape' must be lowercase kebab-case"))
    }
}
