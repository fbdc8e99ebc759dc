import CantonStatusTestSupport
import Foundation
import Testing

/// Runs the built `canton-status` binary, as an operator or a CI job would.
///
/// Build it first (`swift build`, or `swift build --scratch-path .build-e2e` next to
/// `swift test --scratch-path .build-e2e`); the binary is found next to the test bundle.
enum CLI {
    static let binary = ProcessRunner.builtProduct("canton-status")

    /// Every run is bounded: a hang is killed and fails the test instead of stalling CI. The bound
    /// is generous because the whole suite runs in parallel on CI's two cores, where a run that
    /// takes 0.2 s alone has taken over 30 s; it catches hangs, it does not measure speed.
    static let timeout: TimeInterval = 120

    static func run(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> ProcessResult {
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "no canton-status binary at \(binary.path); run `swift build` first", sourceLocation: sourceLocation)
        let result = try ProcessRunner.run(binary, arguments, in: directory, environment: environment, timeout: timeout)
        #expect(result.status != -1, "canton-status \(arguments.joined(separator: " ")) ran longer than \(Int(timeout))s",
                sourceLocation: sourceLocation)
        expectNoCrash(result, sourceLocation: sourceLocation)
        return result
    }

    /// `run`, waiting on a Dispatch thread instead of one of Swift concurrency's few cooperative
    /// threads, for async tests (those that talk to servers while the binary runs).
    static func runDetached(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws -> ProcessResult {
        let binary = self.binary
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ProcessResult, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try ProcessRunner.run(binary, arguments, in: directory, environment: environment, timeout: timeout)
                })
            }
        }
        #expect(result.status != -1, "canton-status \(arguments.joined(separator: " ")) ran longer than \(Int(timeout))s",
                sourceLocation: sourceLocation)
        expectNoCrash(result, sourceLocation: sourceLocation)
        return result
    }

    /// PRODUCT.md: "Never a crash or a stack trace."
    static func expectNoCrash(_ result: ProcessResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for output in [result.standardOutput, result.standardError] {
            for marker in ["Fatal error", "Stack dump", "Current stack trace", "Backtrace", "Segmentation fault"] {
                #expect(!output.contains(marker), "output shows a crash or stack trace:\n\(output)", sourceLocation: sourceLocation)
            }
        }
    }
}

/// A temp git repository holding status content, with commit dates fixed and user config ignored.
enum StatusRepo {
    /// Writes `files` (with `components.yml` from ``Fixtures/componentsYAML`` unless given) and, when
    /// `commitDate` is set, commits them. The caller removes the repository in `defer`.
    static func make(
        _ files: [String: String], withComponents: Bool = true, commitDate: String? = "2026-11-01T12:00:00Z"
    ) throws -> TempGitRepo {
        let repo = try TempGitRepo()
        do {
            var all = files
            if withComponents, all["components.yml"] == nil { all["components.yml"] = Fixtures.componentsYAML }
            for (path, contents) in all { try repo.write(path, contents) }
            if let commitDate { try repo.commitAll("Add content", date: commitDate) }
            return repo
        } catch {
            repo.remove()
            throw error
        }
    }
}

extension ProcessResult {
    var outputLines: [String] { Self.lines(standardOutput) }
    var errorLines: [String] { Self.lines(standardError) }

    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

enum Fixtures {
    /// A copy of the repository's own `components.yml`, so the tests do not change when the shipped
    /// content does.
    static let componentsYAML = """
        # The Canton Network status page: networks, components and what is checked on each.
        # Format: README.md ("Content"). Check with `canton-status validate`.

        page:
          title: Canton Network Status
          url: https://status.canton.example.org
          description: >-
            Live status of the Global Synchronizer, its Super Validators and the public APIs on
            MainNet, TestNet and DevNet.
          maintenance_notice: 48h

        environments:
          - id: mainnet
            name: MainNet
            scan: https://scan.sv-1.global.canton.network.sync.global
            dso_mirror: https://docs.global.canton.network.sync.global/dso
            vantages: 2
          - id: testnet
            name: TestNet
            scan: https://scan.sv-1.test.global.canton.network.sync.global
            dso_mirror: https://docs.test.global.canton.network.sync.global/dso
          - id: devnet
            name: DevNet
            scan: https://scan.sv-1.dev.global.canton.network.sync.global
            dso_mirror: https://docs.dev.global.canton.network.sync.global/dso

        groups:
          - id: synchronizer
            name: Global Synchronizer
            description: Ordering and round progression, run by the Super Validators together.
          - id: apis
            name: APIs
            description: Public HTTP APIs that validators and apps read from.
          - id: super-validators
            name: Super Validators
            description: Each Super Validator's own nodes, as seen from our probes.

        components:
          - id: rounds
            name: Round progression
            group: synchronizer
            description: A new mining round opens every tick (10 minutes); a stall means nothing is being sequenced.
            sla: 99.9%
            checks:
              - {type: rounds, degraded_after: 20m, down_after: 30m}

          - id: sequencers
            name: Sequencers
            group: synchronizer
            description: Every Super Validator's sequencer for the current migration id, discovered from Scan.
            sla: 99.9%
            checks:
              - {type: sequencers, timeout: 5s}

          - id: scan-api
            name: Scan API
            group: apis
            description: The Scan API of every Super Validator, discovered from the seed Scan.
            sla: 99.9%
            checks:
              - {type: scans, path: /api/scan/readyz, timeout: 5s, degraded_above: 2s}

          - id: sv-app
            name: SV app
            group: apis
            description: The Global Synchronizer Foundation's SV app API.
            checks:
              - {type: http, environments: [mainnet], url: "https://sv.sv-1.global.canton.network.sync.global/api/sv/readyz", expect: 200, timeout: 5s}
              - {type: http, environments: [testnet], url: "https://sv.sv-1.test.global.canton.network.sync.global/api/sv/readyz", expect: 200, timeout: 5s}
              - {type: http, environments: [devnet], url: "https://sv.sv-1.dev.global.canton.network.sync.global/api/sv/readyz", expect: 200, timeout: 5s}

          - id: validator-api
            name: Validator API
            group: apis
            description: The operator's own validator, probed from inside its cluster.
            environments: [mainnet]
            checks:
              - type: http
                url: "${VALIDATOR_URL}/api/validator/readyz"
                expect: 200
                degraded_above: 2s
                timeout: 5s

          - id: sv-availability
            name: Super Validator availability
            group: super-validators
            description: Whether each Super Validator's Scan answers; one line per SV on the component page.
            checks:
              - {type: scans, path: /api/scan/version, timeout: 5s, open_incident_after: 3, resolve_after: 2}

          - id: versions
            name: Version consistency
            group: super-validators
            description: The Splice version each Super Validator runs. Drift during a rolling upgrade is shown, not an outage.
            checks:
              - {type: versions, path: /api/scan/version}

        notifications:
          - {id: status-slack, type: slack, url: "${SLACK_WEBHOOK_URL}", environments: [mainnet]}
          - {id: partners, type: webhook, url: "${PARTNER_HOOK_URL}", secret: "${PARTNER_HOOK_SECRET}"}
          - id: announce
            type: email
            smtp: "${SMTP_URL}"
            from: status@canton.example.org
            to: [validator-announce@canton.example.org]
            events: ["incident.*", "maintenance.*"]

        """

    static let validIncident = """
        ---
        title: "Elevated Scan API latency on MainNet"
        environments: [mainnet]
        impact: {scan-api: degraded-performance}
        reported_by: Global-Synchronizer-Foundation
        updates:
          - at: 2026-11-20T14:05Z
            status: investigating
            text: We are investigating slow responses from several Super Validators' Scans.
          - at: 2026-11-20T15:40Z
            status: resolved
            text: Response times are back to normal.
        ---

        ## Summary

        A cold cache after a restart made Scan slow for 95 minutes.

        """

    static let validMaintenance = """
        ---
        title: "MainNet sequencer upgrade"
        start: 2026-12-10T14:00Z
        end: 2026-12-10T16:00Z
        environments: [mainnet]
        components: [sequencers, rounds]
        impact: partial-outage
        references: [CIP-0089]
        ---

        Super Validators restart their sequencers one at a time.

        """

    /// A maintenance window on MainNet with `impact`, starting at `start` (`2026-12-04T12:00Z`) for two hours.
    static func maintenance(start: String, end: String, impact: String = "major-outage", extra: String = "") -> String {
        """
        ---
        title: "Synchronizer upgrade"
        start: \(start)
        end: \(end)
        environments: [mainnet]
        components: [sequencers]
        impact: \(impact)
        \(extra)---

        The Global Synchronizer is paused while it is upgraded.

        """
    }
}

/// A named case for parameterized tests, so a failure says which case it was.
protocol NamedCase: Sendable, CustomTestStringConvertible {
    var name: String { get }
}

extension NamedCase {
    var testDescription: String { name }
}
