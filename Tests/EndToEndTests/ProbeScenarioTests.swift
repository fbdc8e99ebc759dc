import CantonSimulator
import CantonStatusTestSupport
import Foundation
import Testing

/// Every `canton-sim` scenario gives the right state and reason per component and per target.
/// The prober runs as the built binary and the simulator as its own process, so timings are the
/// real ones; results are read back from the vantage's `latest.json`.
@Suite struct ProbeScenarioTests {
    static let now = "2026-11-20T14:05:00Z"

    static func components(_ sim: SimulatorProcess) -> String {
        """
        page: {title: Sim, url: "https://status.example.org"}
        environments:
          - {id: mainnet, name: MainNet, scan: "\(sim.endpoints.seedScan)"}
        groups:
          - {id: synchronizer, name: Global Synchronizer}
          - {id: apis, name: APIs}
        components:
          - {id: rounds, name: Round progression, group: synchronizer, checks: [{type: rounds, degraded_after: 20m, down_after: 30m, timeout: 2s}]}
          - {id: sequencers, name: Sequencers, group: synchronizer, checks: [{type: sequencers, timeout: 2s}]}
          - {id: scan-api, name: Scan API, group: apis, checks: [{type: scans, path: /api/scan/readyz, timeout: 2s, degraded_above: 1s}]}
          - {id: versions, name: Versions, group: apis, checks: [{type: versions, path: /api/scan/version, timeout: 2s}]}
          - id: validator-api
            name: Validator API
            group: apis
            checks:
              - type: http
                url: "${VALIDATOR_URL}/api/validator/v0/scan-proxy/open-and-issuing-mining-rounds"
                headers: {Authorization: "Bearer ${VALIDATOR_JWT}"}
                expect: 200
                timeout: 2s

        """
    }

    /// What one probe run recorded.
    struct Outcome {
        var latest: [String: Any]

        func component(_ id: String) -> [String: Any]? {
            (latest["components"] as? [[String: Any]])?.first { $0["component"] as? String == id }
        }
        func state(_ id: String) -> String? { component(id)?["state"] as? String }
        func reason(_ id: String) -> String? { component(id)?["reason"] as? String }
        func targets(_ id: String) -> [[String: Any]] { component(id)?["targets"] as? [[String: Any]] ?? [] }
    }

    static func probe(_ scenarios: [String], svs: Int = 4, token: String = "sim-token") async throws -> Outcome {
        let sim = try SimulatorProcess(svs: svs, scenarios: scenarios, now: now)
        defer { sim.stop() }
        let repo = try StatusRepo.make(["components.yml": components(sim)], commitDate: "2026-11-20T13:00:00Z")
        defer { repo.remove() }
        let result = try await CLI.runDetached(["probe", "--now", now, "--no-incidents", "--quiet"], in: repo.url,
                                               environment: ["VALIDATOR_URL": sim.endpoints.validator, "VALIDATOR_JWT": token])
        #expect(result.status == 0 || result.status == 1, "\(result.standardError)")
        let data = try Data(contentsOf: repo.url.appendingPathComponent("history/mainnet/ci/latest.json"))
        return Outcome(latest: try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    struct ScenarioCase: Sendable, CustomTestStringConvertible {
        var scenario: String
        /// Component id → expected state and a part of the expected reason (`nil`: no reason at all).
        var expected: [String: (String, String?)]
        var testDescription: String { scenario }
    }

    static let healthy: [String: (String, String?)] = [
        "rounds": ("operational", nil), "sequencers": ("operational", nil), "scan-api": ("operational", nil),
        "versions": ("operational", nil), "validator-api": ("operational", nil),
    ]

    static func healthy(except changes: [String: (String, String?)]) -> [String: (String, String?)] {
        healthy.merging(changes) { _, new in new }
    }

    @Test(arguments: [
        ScenarioCase(scenario: "healthy", expected: healthy),
        ScenarioCase(scenario: "svs-down:1", expected: healthy(except: [
            "sequencers": ("degraded-performance", "1 of 4 sequencers not serving (Cumberland-1: HTTP 503)"),
            "scan-api": ("degraded-performance", "1 of 4 SV Scans not ready (Cumberland-1: HTTP 503)"),
            "rounds": ("operational", "1 of 4 SV Scans did not answer"),
        ])),
        ScenarioCase(scenario: "svs-down:3", expected: healthy(except: [
            "sequencers": ("major-outage", "3 of 4 sequencers not serving"),
            "scan-api": ("major-outage", "3 of 4 SV Scans not ready"),
            "rounds": ("operational", "3 of 4 SV Scans did not answer"),
        ])),
        ScenarioCase(scenario: "rounds-stalled", expected: healthy(except: [
            "rounds": ("major-outage", "newest round opened 34 min ago; tick is 10 min"),
        ])),
        ScenarioCase(scenario: "round-disagreement", expected: healthy(except: [
            "rounds": ("operational", "1 of 4 SV Scans disagree on the newest round (Cumberland-1: round"),
        ])),
        ScenarioCase(scenario: "sv-slow:1:1500", expected: healthy(except: [
            "scan-api": ("degraded-performance", "1 of 4 SV Scans slow (Digital-Asset-1: answered in 1."),
        ])),
        ScenarioCase(scenario: "http-5xx", expected: healthy(except: [
            "rounds": ("major-outage", "cannot discover the SV Scans: HTTP 500 from the seed Scan"),
            "sequencers": ("major-outage", "cannot discover the sequencers: HTTP 500 from the seed Scan"),
            "scan-api": ("major-outage", "cannot discover the SV Scans: HTTP 500"),
            "versions": ("major-outage", "cannot discover the SV Scans: HTTP 500"),
        ])),
        ScenarioCase(scenario: "malformed-json", expected: healthy(except: [
            "rounds": ("major-outage", "cannot discover the SV Scans: invalid JSON at byte 17 from the seed Scan"),
            "scan-api": ("major-outage", "invalid JSON at byte 17"),
            "versions": ("major-outage", "invalid JSON at byte 17"),
        ])),
        ScenarioCase(scenario: "redirect-loop", expected: healthy(except: [
            "rounds": ("major-outage", "cannot discover the SV Scans: redirect loop from the seed Scan"),
            "scan-api": ("major-outage", "redirect loop"),
            "versions": ("major-outage", "redirect loop"),
        ])),
        ScenarioCase(scenario: "version-drift", expected: healthy(except: [
            "versions": ("operational", "version drift: 3 on 0.5.3, 1 on 0.5.2"),
        ])),
    ])
    func scenarioGivesStatesAndReasons(_ scenarioCase: ScenarioCase) async throws {
        let outcome = try await Self.probe([scenarioCase.scenario])
        for (id, (state, reason)) in scenarioCase.expected {
            #expect(outcome.state(id) == state, "\(id): \(outcome.reason(id) ?? "")")
            if let reason {
                #expect(outcome.reason(id)?.contains(reason) == true, "\(id): \(outcome.reason(id) ?? "nil")")
            } else {
                #expect(outcome.reason(id) == nil, "\(id): \(outcome.reason(id) ?? "")")
            }
        }
    }

    @Test func eachSVIsATargetWithItsOwnResult() async throws {
        let outcome = try await Self.probe(["svs-down:1", "version-drift"])
        let scans = outcome.targets("scan-api")
        #expect(scans.compactMap { $0["name"] as? String } == ["Global-Synchronizer-Foundation", "Digital-Asset-1", "Digital-Asset-2", "Cumberland-1"])
        #expect(scans.compactMap { $0["state"] as? String } == ["operational", "operational", "operational", "major-outage"])
        #expect(scans.last?["reason"] as? String == "HTTP 503")
        // A down SV still answers `version`: its HTTP server is up, its node is not ready.
        let versions = outcome.targets("versions").compactMap { ($0["details"] as? [String: String])?["version"] }
        #expect(versions == ["0.5.3", "0.5.3", "0.5.3", "0.5.2"])
        // Rounds: each SV records how far behind the network it is; the network's newest round is
        // recorded once, on the component.
        let behind = outcome.targets("rounds").compactMap { ($0["details"] as? [String: String])?["behind"] }
        #expect(behind == ["0", "0", "0"])
        #expect(((outcome.component("rounds")?["details"] as? [String: String])?["round"]).flatMap(Int.init) != nil)
    }

    @Test func aHungServerIsCutOffAtTheTimeout() async throws {
        let outcome = try await Self.probe(["hang"])
        // The cut-off is the reason and the recorded latency; how long whole runs take is measured by
        // scripts/bench, not asserted here, where other tests share the cores.
        let hung = try #require(outcome.targets("scan-api").first)
        #expect(hung["reason"] as? String == "timeout after 2 s")
        #expect((hung["latencyMilliseconds"] as? Int).map { $0 >= 2_000 } == true)
        #expect(outcome.state("scan-api") == "degraded-performance")
        #expect(outcome.targets("scan-api").dropFirst().allSatisfy { $0["state"] as? String == "operational" },
                "the other Scans were not held up by the hung one")
    }

    @Test func theValidatorNeedsItsToken() async throws {
        let outcome = try await Self.probe([], token: "wrong-token")
        #expect(outcome.state("validator-api") == "major-outage")
        #expect(outcome.reason("validator-api") == "HTTP 401, expected 200")
    }

    @Test func anUpcomingUpgradeAnnouncedByTheNetworkIsRecorded() async throws {
        let outcome = try await Self.probe(["migration-upcoming"])
        let announcement = try #require((outcome.latest["announcements"] as? [[String: Any]])?.first)
        #expect(announcement["kind"] as? String == "synchronizer-upgrade")
        #expect(announcement["migrationID"] as? Int == 5)
    }
}
