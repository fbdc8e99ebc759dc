import CantonSimulator
import CantonStatusTestSupport
import Foundation
import Testing

/// Every `canton-sim` scenario gives the right state and reason per component and per target.
/// The prober runs as the built binary and the simulator as its own process, so timings are the
/// real ones; results are read back from the vantage's `latest.json`.
@Suite struct ProbeScenarioTests {
    static let now = "2026-11-20T14:05:00Z"

    /// `mirror`: whether discovery may also ask the DSO mirror for Scans (a first run otherwise
    /// knows only the seed and what the seed itself lists).
    static func components(_ sim: SimulatorProcess, mirror: Bool = true) -> String {
        let mirrorLine = mirror ? ", dso_mirror: \"\(sim.endpoints.dsoMirror)\"" : ""
        return """
        page: {title: Sim, url: "https://status.example.org"}
        environments:
          - {id: mainnet, name: MainNet, scan: "\(sim.endpoints.seedScan)"\(mirrorLine)}
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

    static func probe(_ scenarios: [String], svs: Int = 4, token: String = "sim-token", mirror: Bool = true) async throws -> Outcome {
        let sim = try SimulatorProcess(svs: svs, scenarios: scenarios, now: now)
        defer { sim.stop() }
        let repo = try StatusRepo.make(["components.yml": components(sim, mirror: mirror)], commitDate: "2026-11-20T13:00:00Z")
        defer { repo.remove() }
        return try await run(in: repo, sim: sim, token: token)
    }

    static func run(in repo: TempGitRepo, sim: SimulatorProcess, token: String = "sim-token", at time: String = now) async throws -> Outcome {
        let result = try await CLI.runDetached(["probe", "--now", time, "--no-incidents", "--quiet"], in: repo.url,
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

    /// The component states with nothing measured: the network was not judged.
    static func notMeasured(_ reason: String) -> [String: (String, String?)] {
        healthy(except: Dictionary(uniqueKeysWithValues: ["rounds", "sequencers", "scan-api", "versions"].map { ($0, ("not-measured", reason)) }))
    }

    @Test(arguments: [
        ScenarioCase(scenario: "healthy", expected: healthy),
        ScenarioCase(scenario: "svs-down:1", expected: healthy(except: [
            "sequencers": ("degraded-performance", "1 of 4 sequencers not serving (Cumberland-1: health NOT_SERVING)"),
            "scan-api": ("degraded-performance", "1 of 4 SV Scans not ready (Cumberland-1: HTTP 503)"),
            "rounds": ("operational", "1 of 4 SV Scans did not answer"),
        ])),
        // A first run with three of four Scans down: no quorum, no earlier view, so nothing judged.
        ScenarioCase(scenario: "svs-down:3", expected: notMeasured("not measured: no quorum of Scans on the SV set: ")),
        ScenarioCase(scenario: "rounds-stalled", expected: healthy(except: [
            "rounds": ("major-outage", "no new round for 34 min; tick is 10 min"),
        ])),
        ScenarioCase(scenario: "round-disagreement", expected: healthy(except: [
            "rounds": ("operational", "1 of 4 SV Scans disagree on the newest round (Cumberland-1: round"),
        ])),
        ScenarioCase(scenario: "sv-slow:1:1500", expected: healthy(except: [
            "scan-api": ("degraded-performance", "1 of 4 SV Scans slow (Digital-Asset-1: answered in 1."),
        ])),
        // The seed's faults are one SV's faults: the other three Scans and the mirror outvote it.
        ScenarioCase(scenario: "http-5xx", expected: healthy(except: [
            "scan-api": ("degraded-performance", "1 of 4 SV Scans not ready (Global-Synchronizer-Foundation: HTTP 500)"),
            "rounds": ("operational", "1 of 4 SV Scans did not answer (Global-Synchronizer-Foundation: HTTP 500)"),
            "versions": ("operational", "1 of 4 SVs did not report a version"),
        ])),
        ScenarioCase(scenario: "seed-down", expected: healthy(except: [
            "scan-api": ("degraded-performance", "1 of 4 SV Scans not ready (Global-Synchronizer-Foundation: HTTP 503)"),
            "rounds": ("operational", "1 of 4 SV Scans did not answer (Global-Synchronizer-Foundation: HTTP 503)"),
            "versions": ("operational", "1 of 4 SVs did not report a version"),
        ])),
        ScenarioCase(scenario: "seed-stale", expected: healthy(except: [
            "rounds": ("operational", "1 of 4 SV Scans disagree on the newest round (Global-Synchronizer-Foundation: round"),
        ])),
        ScenarioCase(scenario: "seed-lies", expected: healthy),
        ScenarioCase(scenario: "malformed-json", expected: healthy),
        ScenarioCase(scenario: "redirect-loop", expected: healthy),
        ScenarioCase(scenario: "sv-no-scan:2", expected: healthy(except: [
            "scan-api": ("degraded-performance", "1 of 4 SV Scans not ready (Digital-Asset-2: publishes no Scan)"),
        ])),
        ScenarioCase(scenario: "lsu-upcoming", expected: healthy),
        ScenarioCase(scenario: "legacy-sequencers", expected: healthy),
        ScenarioCase(scenario: "version-drift", expected: healthy(except: [
            "versions": ("operational", "version drift: 3 on 0.5.3, 1 on 0.5.2"),
        ])),
    ])
    func scenarioGivesStatesAndReasons(_ scenarioCase: ScenarioCase) async throws {
        let outcome = try await Self.probe([scenarioCase.scenario])
        for (id, (state, reason)) in scenarioCase.expected {
            #expect((outcome.state(id) ?? "not-measured") == state, "\(id): \(outcome.reason(id) ?? "")")
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
        #expect(scans.compactMap { $0["name"] as? String } == ["Cumberland-1", "Digital-Asset-1", "Digital-Asset-2", "Global-Synchronizer-Foundation"])
        #expect(scans.compactMap { $0["state"] as? String } == ["major-outage", "operational", "operational", "operational"])
        #expect(scans.first?["reason"] as? String == "HTTP 503")
        // A down SV still answers `version`: its HTTP server is up, its node is not ready.
        let versions = outcome.targets("versions").compactMap { ($0["details"] as? [String: String])?["version"] }
        #expect(versions == ["0.5.2", "0.5.3", "0.5.3", "0.5.3"])
        // Rounds: each SV records how far behind the network it is; the network's newest round is
        // recorded once, on the component.
        let behind = outcome.targets("rounds").compactMap { ($0["details"] as? [String: String])?["behind"] }
        #expect(behind == ["0", "0", "0"])
        #expect(((outcome.component("rounds")?["details"] as? [String: String])?["round"]).flatMap(Int.init) != nil)
        // Sequencers: one per SV, of the active serial, checked over gRPC.
        let sequencers = outcome.targets("sequencers")
        #expect(sequencers.compactMap { $0["state"] as? String } == ["major-outage", "operational", "operational", "operational"])
        #expect(sequencers.first?["reason"] as? String == "health NOT_SERVING")
        #expect((outcome.component("sequencers")?["details"] as? [String: String])?["serial"] == "1")
        let network = try #require(outcome.latest["network"] as? [String: Any])
        #expect(network["svCount"] as? Int == 4)
        #expect(network["votingThreshold"] as? Int == 3)
        #expect(network["sequencerSerial"] as? Int == 1)
        #expect((network["scans"] as? [[String: Any]])?.count == 4)
    }

    /// Splice 0.6.2's lists: previous-migration, legacy, active and successor entries per SV. Only
    /// the active serial's are probed (the others point where nothing listens), one per SV.
    @Test func theActiveSerialsSequencersAreProbedOncePerSV() async throws {
        let upcoming = try await Self.probe(["lsu-upcoming"])
        #expect(upcoming.targets("sequencers").count == 4)
        #expect(upcoming.state("sequencers") == "operational")
        #expect((upcoming.component("sequencers")?["details"] as? [String: String])?["serial"] == "1")
        let announcement = try #require((upcoming.latest["announcements"] as? [[String: Any]])?.first)
        #expect(announcement["kind"] as? String == "logical-synchronizer-upgrade")
        #expect(announcement["serial"] as? Int == 2)
        #expect(announcement["protocolVersion"] as? String == "34")
        #expect(announcement["topologyFreezeAt"] as? String != nil)
        let legacy = try await Self.probe(["legacy-sequencers"])
        #expect(legacy.targets("sequencers").count == 4)
        #expect(legacy.state("sequencers") == "operational")
        #expect((legacy.component("sequencers")?["details"] as? [String: String])?["migration"] == "4")
    }

    /// The seed answering garbage with no mirror to ask: nothing else is known on a first run, so
    /// the network is not judged, and the page does not turn red for it.
    @Test func aFailingSeedWithNothingToCompareIsNotMeasured() async throws {
        let outcome = try await Self.probe(["http-5xx"], mirror: false)
        for id in ["rounds", "sequencers", "scan-api", "versions"] {
            #expect(outcome.state(id) == nil, "\(id): \(outcome.state(id) ?? "")")
            #expect(outcome.reason(id)?.hasPrefix("not measured: no quorum of Scans on the SV set: 0 of 1 Scans answered") == true,
                    "\(id): \(outcome.reason(id) ?? "nil")")
        }
        #expect(outcome.state("validator-api") == "operational")
    }

    /// Once a view was agreed, three of four Scans answering 503 is a measured outage, not a
    /// network the prober cannot see.
    @Test func mostSVsDownAfterAnAgreedRunIsAnOutage() async throws {
        let sim = try SimulatorProcess(svs: 4, scenarios: [], now: Self.now)
        defer { sim.stop() }
        let repo = try StatusRepo.make(["components.yml": Self.components(sim)], commitDate: "2026-11-20T13:00:00Z")
        defer { repo.remove() }
        _ = try await Self.run(in: repo, sim: sim)
        try await sim.set(["svs-down:3"])
        let outcome = try await Self.run(in: repo, sim: sim)
        #expect(outcome.state("scan-api") == "major-outage")
        #expect(outcome.reason("scan-api")?.contains("3 of 4 SV Scans not ready") == true)
        #expect(outcome.reason("scan-api")?.contains("probed on the SV set as agreed at 2026-11-20T14:05:00Z") == true)
        #expect(outcome.state("sequencers") == "major-outage")
    }

    @Test func aHungServerIsCutOffAtTheTimeout() async throws {
        let outcome = try await Self.probe(["hang"])
        // The cut-off is the reason and the recorded latency; how long whole runs take is measured by
        // scripts/bench, not asserted here, where other tests share the cores.
        let hung = try #require(outcome.targets("scan-api").first { $0["name"] as? String == "Global-Synchronizer-Foundation" })
        #expect(hung["reason"] as? String == "timeout after 2 s")
        #expect((hung["latencyMilliseconds"] as? Int).map { $0 >= 2_000 } == true)
        #expect(outcome.state("scan-api") == "degraded-performance")
        #expect(outcome.targets("scan-api").filter { $0["name"] as? String != "Global-Synchronizer-Foundation" }
                    .allSatisfy { $0["state"] as? String == "operational" },
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
