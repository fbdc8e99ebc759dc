@testable import Model
@testable import Validation
@testable import Status
@testable import Probing
import Foundation
import Testing

/// The pure rules from answers to states, and from runs to history.
@Suite struct ProbeEvaluationTests {
    static func response(_ status: Int, _ body: String = "", latency: Int = 20) -> ProbeResponse {
        ProbeResponse(outcome: .response(status: status, body: Array(body.utf8)), latencyMilliseconds: latency)
    }

    static func check(_ yaml: String) throws -> Check {
        let configuration = baseConfiguration.replacingOccurrences(
            of: "  - {id: validator-api, name: Validator API, group: apis, environments: [mainnet]}",
            with: "  - {id: validator-api, name: Validator API, group: apis, environments: [mainnet], checks: [\(yaml)]}")
        let parsed = ContentParser.configuration(Array(configuration.utf8))
        return try #require(parsed.document?.component("validator-api")?.checks.first, "\(parsed.diagnostics)")
    }

    struct HTTPCase: Sendable, CustomTestStringConvertible {
        var name: String
        var check: String
        var status: Int
        var body: String
        var latency: Int
        var state: ComponentState
        var reason: String?
        var testDescription: String { name }
    }

    @Test(arguments: [
        HTTPCase(name: "2xx without expect", check: "{type: http, url: \"https://x.example/readyz\"}", status: 204, body: "", latency: 10,
                 state: .operational, reason: nil),
        HTTPCase(name: "wrong status", check: "{type: http, url: \"https://x.example/readyz\", expect: 200}", status: 503, body: "", latency: 10,
                 state: .majorOutage, reason: "HTTP 503, expected 200"),
        HTTPCase(name: "slow", check: "{type: http, url: \"https://x.example/readyz\", degraded_above: 2s}", status: 200, body: "", latency: 2_400,
                 state: .degradedPerformance, reason: "answered in 2.4 s (limit 2 s)"),
        HTTPCase(name: "condition holds", check: "{type: http, url: \"https://x.example/status\", json: [{path: success.active, equals: \"true\"}]}",
                 status: 200, body: #"{"success":{"active":true}}"#, latency: 10, state: .operational, reason: nil),
        HTTPCase(name: "condition fails", check: "{type: http, url: \"https://x.example/status\", json: [{path: success.active, equals: \"true\"}]}",
                 status: 200, body: #"{"not_initialized":{"active":false}}"#, latency: 10, state: .majorOutage, reason: "success.active is missing"),
        HTTPCase(name: "number above", check: "{type: http, url: \"https://x.example/n\", json: [{path: count, above: \"3\"}]}",
                 status: 200, body: #"{"count":2}"#, latency: 10, state: .majorOutage, reason: "count is 2, expected above 3"),
        HTTPCase(name: "broken JSON", check: "{type: http, url: \"https://x.example/status\", json: [{path: a, exists: true}]}",
                 status: 200, body: #"{"scans":[{"domainId""#, latency: 10, state: .majorOutage, reason: "invalid JSON at byte 21"),
    ])
    func httpChecks(_ http: HTTPCase) throws {
        let result = CheckEvaluation.http(Self.response(http.status, http.body, latency: http.latency), check: try Self.check(http.check), name: "x")
        #expect(result.state == http.state)
        #expect(result.reason == http.reason)
    }

    @Test func jsonErrorsPointAtTheByte() {
        #expect(ResponseJSON.firstError(in: Array(#"{"a": [1, 2,]}"#.utf8)) == 12)
        #expect(ResponseJSON.firstError(in: Array(#"{"a": tru}"#.utf8)) == 9)
        #expect(ResponseJSON.firstError(in: Array(#"{"a": 1} x"#.utf8)) == 9)
        #expect(ResponseJSON.firstError(in: Array(#"{"a": [1, {"b": null}]}"#.utf8)) == nil)
    }

    @Test(arguments: [(0, ComponentState.operational), (1, .degradedPerformance), (4, .degradedPerformance), (5, .partialOutage),
                      (8, .partialOutage), (9, .majorOutage), (13, .majorOutage)])
    func theShareOfFailingSVsSetsTheState(failing: Int, state: ComponentState) {
        let targets = (0..<13).map { index in
            TargetResult(name: "SV-\(index)", check: .scans, state: index < failing ? .majorOutage : .operational,
                         latencyMilliseconds: 10, reason: index < failing ? "HTTP 503" : nil)
        }
        let (found, reason) = CheckEvaluation.fraction(targets, noun: "SV Scans", failing: "not ready")
        #expect(found == state)
        if failing > 0 { #expect(reason?.hasPrefix("\(failing) of 13 SV Scans not ready (SV-0: HTTP 503") == true) }
    }

    /// Fewer than f+1 Scans reporting rounds: the one that answered could be the liar.
    @Test func roundsReportedByFewerThanFPlusOneScansAreNotJudged() throws {
        let now = try Timestamp.parse("2026-11-20T14:05Z").get()
        let targets = ["A", "B", "C", "D"].map { TargetResult(name: $0, check: .rounds, state: .operational, latencyMilliseconds: 5, reason: nil) }
        let progress = CheckEvaluation.roundProgress(targets, rounds: ["A": Self.round(7, advancedSecondsAgo: 50 * 60, now: now)],
                                                     check: try Self.check("{type: rounds}"), now: now, faultTolerance: 1)
        #expect(progress.state == nil)
        #expect(progress.reason?.hasPrefix("not measured: 1 of 4 SV Scans reported rounds, 2 must") == true, "\(progress.reason ?? "nil")")
    }

    /// Below its BFT quorum a layer is a major outage, whatever share failed.
    @Test(arguments: [(4, ComponentState.majorOutage), (5, .degradedPerformance), (7, .operational)])
    func aLayerBelowItsQuorumIsAMajorOutage(serving: Int, state: ComponentState) {
        var view = NetworkDiscovery.View()
        view.svCount = 7
        view.votingThreshold = 5
        let targets = (0..<7).map { index in
            TargetResult(name: "SV-\(index)", check: .sequencers, state: index < serving ? .operational : .majorOutage,
                         latencyMilliseconds: 10, reason: index < serving ? nil : "health NOT_SERVING")
        }
        let (share, reason) = CheckEvaluation.fraction(targets, noun: "sequencers", failing: "not serving")
        let (found, words) = CheckEvaluation.belowQuorum(targets, layer: .sequencers, view: view, state: share, reason: reason)
        #expect(found == state)
        if serving == 4 {
            #expect(share == .partialOutage, "by share alone it would look partial")
            #expect(words?.hasSuffix("NOT_SERVING): below the ordering quorum of 5") == true, "\(words ?? "nil")")
        }
    }

    /// A round the network created `minutesAgo` minutes before `now`: it opens one tick later
    /// (`AmuletRules_AdvanceOpenMiningRounds`), so its `opensAt` may be in the future.
    static func round(_ number: Int, advancedSecondsAgo seconds: Int64, now: Timestamp, tick: Int64 = 600) -> CheckEvaluation.Round {
        .init(number: number, opensAt: now.adding(seconds: -seconds + tick), tickSeconds: tick)
    }

    @Test func roundsFollowTheTickFromThePayload() throws {
        let now = try Timestamp.parse("2026-11-20T14:05Z").get()
        func round(_ number: Int, minutesAgo: Int64, tick: Int64 = 600) -> CheckEvaluation.Round {
            Self.round(number, advancedSecondsAgo: minutesAgo * 60, now: now, tick: tick)
        }
        let targets = ["A", "B", "C"].map { TargetResult(name: $0, check: .rounds, state: .operational, latencyMilliseconds: 5, reason: nil) }
        let check = try Self.check("{type: rounds}")
        let healthy = CheckEvaluation.roundProgress(
            targets, rounds: ["A": round(10, minutesAgo: 5), "B": round(10, minutesAgo: 5), "C": round(10, minutesAgo: 5)],
            check: check, now: now, faultTolerance: 0)
        #expect(healthy.state == .operational)
        #expect(healthy.newest == 10)
        #expect(CheckEvaluation.roundProgress(targets, rounds: ["A": round(10, minutesAgo: 25)], check: check, now: now, faultTolerance: 0).state
                == .degradedPerformance)
        let stalled = CheckEvaluation.roundProgress(targets, rounds: ["A": round(10, minutesAgo: 34)], check: check, now: now, faultTolerance: 0)
        #expect(stalled.state == .majorOutage)
        #expect(stalled.reason?.hasPrefix("no new round for 34 min; tick is 10 min") == true)
        // A 30-minute tick voted by the SVs: 34 minutes is normal.
        #expect(CheckEvaluation.roundProgress(targets, rounds: ["A": round(10, minutesAgo: 34, tick: 1_800)], check: check, now: now,
                                              faultTolerance: 0).state == .operational)
        let behind = CheckEvaluation.roundProgress(
            targets, rounds: ["A": round(10, minutesAgo: 5), "B": round(10, minutesAgo: 5), "C": round(7, minutesAgo: 35)],
            check: check, now: now, faultTolerance: 0)
        #expect(behind.state == .operational)
        #expect(behind.targets.map { $0.details["behind"] } == ["0", "0", "3"])
        #expect(behind.reason == "1 of 3 SV Scans disagree on the newest round (C: round 7, 3 behind)")
    }

    /// Regression: the age was measured from the newest round's `opensAt`, which lies up to a tick
    /// ahead, so a stall was reported one tick late. `degraded_after: 20m` must mean 20 minutes
    /// without a new round, to the second.
    static let stallCases: [(Int64, ComponentState)] = [
        (0, .operational), (599, .operational), (1_200, .operational), (1_201, .degradedPerformance),
        (1_800, .degradedPerformance), (1_801, .majorOutage),
    ]

    @Test(arguments: stallCases)
    func aStallIsExactToTheSecond(sinceAdvance: Int64, state: ComponentState) throws {
        let now = try Timestamp.parse("2026-11-20T14:05Z").get()
        let check = try Self.check("{type: rounds, degraded_after: 20m, down_after: 30m}")
        let targets = [TargetResult(name: "A", check: .rounds, state: .operational, latencyMilliseconds: 5, reason: nil)]
        let progress = CheckEvaluation.roundProgress(targets, rounds: ["A": Self.round(7, advancedSecondsAgo: sinceAdvance, now: now)],
                                                     check: check, now: now, faultTolerance: 0)
        #expect(progress.state == state)
        if state != .operational { #expect(progress.reason == "no new round for \(sinceAdvance / 60) min; tick is 10 min") }
    }

    /// The network's round is the one f+1 Scans reach: a lying Scan cannot invent a newer one, and
    /// a stale one cannot hold the network back.
    @Test func theNewestRoundNeedsFPlusOneScans() throws {
        let now = try Timestamp.parse("2026-11-20T14:05Z").get()
        let check = try Self.check("{type: rounds}")
        let names = ["A", "B", "C", "D"]
        let targets = names.map { TargetResult(name: $0, check: .rounds, state: .operational, latencyMilliseconds: 5, reason: nil) }
        var rounds = Dictionary(uniqueKeysWithValues: names.map { ($0, Self.round(100, advancedSecondsAgo: 120, now: now)) })
        rounds["A"] = Self.round(500, advancedSecondsAgo: 0, now: now)  // a lie: far ahead
        let lied = CheckEvaluation.roundProgress(targets, rounds: rounds, check: check, now: now, faultTolerance: 1)
        #expect(lied.newest == 100)
        rounds["A"] = Self.round(95, advancedSecondsAgo: 50 * 60, now: now)  // stale: 50 minutes old
        let stale = CheckEvaluation.roundProgress(targets, rounds: rounds, check: check, now: now, faultTolerance: 1)
        #expect(stale.state == .operational)
        #expect(stale.newest == 100)
        #expect(stale.targets.first { $0.name == "A" }?.reason == "round 95, 5 behind")
    }

    // MARK: History

    static func run(at time: String, _ states: [String: ComponentState], latency: Int = 42) throws -> ProbeRun {
        ProbeRun(environment: "mainnet", vantage: "ci", at: try Timestamp.parse(time).get(), components: states.keys.sorted().map { id in
            ComponentResult(component: id, state: states[id]!, reason: states[id] == .operational ? nil : "broken",
                            targets: [TargetResult(name: "t", check: .http, state: states[id]!, latencyMilliseconds: latency, reason: nil)])
        }, announcements: [])
    }

    @Test func transitionsAreAppendedOnlyWhenTheStateChanges() throws {
        let first = HistoryRecorder.record(try Self.run(at: "2026-11-20T14:00Z", ["a": .operational]), previous: nil, sampleFiles: [:])
        #expect(first.changes.appends["history/mainnet/ci/transitions.jsonl"]?.contains(#""state":"operational""#) == true)
        let same = HistoryRecorder.record(try Self.run(at: "2026-11-20T14:05Z", ["a": .operational]), previous: first.latest, sampleFiles: [:])
        #expect(same.changes.appends["history/mainnet/ci/transitions.jsonl"] == nil)
        let changed = HistoryRecorder.record(try Self.run(at: "2026-11-20T14:10Z", ["a": .majorOutage]), previous: same.latest, sampleFiles: [:])
        #expect(changed.changes.appends["history/mainnet/ci/transitions.jsonl"] ==
                #"{"at":"2026-11-20T14:10:00Z","component":"a","reason":"broken","state":"major-outage"}"# + "\n")
        #expect(changed.latest.components[0].failingRuns == 1)
        #expect(changed.latest.components[0].since == (try Timestamp.parse("2026-11-20T14:10Z").get()))
        #expect(changed.changes.appends["history/mainnet/ci/samples/2026-11-20.tsv"] == "14:10:00\ta=-\n")
    }

    /// A run that could not judge a component neither fails nor passes it, records no sample
    /// (`-` would count as a failed run) and marks the change in the timeline.
    @Test func aComponentNotMeasuredKeepsItsCountersAndHasNoSample() throws {
        let failing = HistoryRecorder.record(try Self.run(at: "2026-11-20T14:00Z", ["a": .majorOutage]), previous: nil, sampleFiles: [:])
        var unjudged = try Self.run(at: "2026-11-20T14:05Z", ["a": .operational])
        unjudged.components[0].state = nil
        unjudged.components[0].reason = "not measured: no quorum of Scans on the SV set"
        unjudged.components[0].targets = []
        let recorded = HistoryRecorder.record(unjudged, previous: failing.latest, sampleFiles: [:])
        #expect(recorded.latest.components[0].failingRuns == 1)
        #expect(recorded.latest.components[0].passingRuns == 0)
        #expect(recorded.latest.components[0].state == nil)
        #expect(recorded.changes.appends["history/mainnet/ci/samples/2026-11-20.tsv"] == "14:05:00\n")
        #expect(recorded.changes.appends["history/mainnet/ci/transitions.jsonl"] ==
                #"{"at":"2026-11-20T14:05:00Z","component":"a","reason":"not measured: no quorum of Scans on the SV set"}"# + "\n")
        let read = HistoryLines.transitions(recorded.changes.appends["history/mainnet/ci/transitions.jsonl"] ?? "")
        #expect(read.count == 1)
        #expect(read.first?.state == nil)
        #expect(read.first?.reason == "not measured: no quorum of Scans on the SV set")
    }

    @Test func oldSampleFilesRollUpIntoDailyLines() throws {
        let samples = (0..<10).map { "1\($0):00:00\ta=\(($0 + 1) * 10)\tb=-" }.joined(separator: "\n") + "\n"
        let recorded = HistoryRecorder.record(try Self.run(at: "2026-11-20T14:00Z", ["a": .operational]), previous: nil,
                                              sampleFiles: ["2026-11-17": samples, "2026-11-19": samples])
        #expect(recorded.changes.deletions == ["history/mainnet/ci/samples/2026-11-17.tsv"], "yesterday's file is kept")
        let daily = HistoryLines.rollups(recorded.changes.appends["history/mainnet/ci/daily.jsonl"] ?? "")
        #expect(daily == [
            DailyRollup(day: "2026-11-17", component: "a", runs: 10, failures: 0, p50: 60, p95: 100, max: 100),
            DailyRollup(day: "2026-11-17", component: "b", runs: 10, failures: 10, p50: nil, p95: nil, max: nil),
        ])
    }

    @Test func latestKeepsLatencyClassesSoItChangesLittle() throws {
        let a = HistoryRecorder.record(try Self.run(at: "2026-11-20T14:00Z", ["a": .operational], latency: 31), previous: nil, sampleFiles: [:])
        let b = HistoryRecorder.record(try Self.run(at: "2026-11-20T14:05Z", ["a": .operational], latency: 44), previous: a.latest, sampleFiles: [:])
        #expect(a.latest.components[0].targets[0].latencyMilliseconds == 50)
        #expect(b.latest.components[0].targets[0] == a.latest.components[0].targets[0])
        #expect(b.changes.appends["history/mainnet/ci/samples/2026-11-20.tsv"] == "14:05:00\ta=44\n", "samples keep the exact value")
    }

    // MARK: Automated incidents

    @Test func anIncidentOpensOnlyWhenTheQuorumAgrees() throws {
        let configuration = try #require(ContentParser.configuration(Array(baseConfiguration.utf8)).document)
        var previous: LatestRun?
        var latest: LatestRun?
        for minute in ["00", "05", "10"] {
            let recorded = HistoryRecorder.record(try Self.run(at: "2026-11-20T14:\(minute)Z", ["scan-api": .majorOutage]),
                                                  previous: previous, sampleFiles: [:])
            previous = recorded.latest
            latest = recorded.latest
        }
        let automation = AutomatedIncidents(configuration: configuration, vantage: "ci")
        let run = try Self.run(at: "2026-11-20T14:10Z", ["scan-api": .majorOutage])
        var alone = try #require(latest)
        #expect(automation.actions(for: run, latest: &alone, incidents: [], quorumAgrees: { _ in false }) { _ in nil }.isEmpty,
                "one vantage's trouble opens nothing")
        #expect(alone.components[0].openIncident == nil)
        var agreed = try #require(latest)
        let actions = automation.actions(for: run, latest: &agreed, incidents: [], quorumAgrees: { _ in true }) { _ in nil }
        #expect(actions.map(\.path) == ["incidents/2026-11-20-auto-mainnet-scan-api.md"])
        #expect(agreed.components[0].openIncident == "2026-11-20-auto-mainnet-scan-api")
    }

    // MARK: Quorum

    @Test(arguments: [
        ([ComponentState.operational, .majorOutage], nil as Int?, ComponentState?.some(.operational)),
        ([.majorOutage, .majorOutage], nil, .majorOutage),
        ([.operational, .majorOutage, .partialOutage], nil, .partialOutage),
        ([.operational, .majorOutage], 1, .majorOutage),
        ([.majorOutage], 2, nil),
    ])
    func aQuorumOfVantagesDecides(states: [ComponentState], quorum: Int?, shown: ComponentState?) {
        let need = MeasuredStatus.needed(quorum: quorum, reporting: states.count)
        #expect(MeasuredStatus.quorumState(states, need: need) == shown)
    }
}

/// Discovered URLs come from the network; probers inside clusters must not follow them anywhere.
@Suite struct DiscoveredURLTests {
    @Test(arguments: [
        ("https://scan.sv-2.global.canton.network.example.com", "https://scan.sv-1.global.canton.network.sync.global", true),
        ("http://scan.sv-2.global.canton.network.example.com", "https://scan.sv-1.global.canton.network.sync.global", false),
        ("https://169.254.169.254/latest", "https://scan.sv-1.global.canton.network.sync.global", false),
        ("https://10.0.0.7", "https://scan.sv-1.global.canton.network.sync.global", false),
        ("http://127.0.0.1:4102", "http://127.0.0.1:4100", true),
        ("http://127.0.0.1:4102", "https://scan.sv-1.global.canton.network.sync.global", false),
        ("file:///etc/passwd", "http://127.0.0.1:4100", false),
        ("https://[::ffff:127.0.0.1]:443", "https://scan.sv-1.global.canton.network.sync.global", false),
        ("https://[fd00::7]", "https://scan.sv-1.global.canton.network.sync.global", false),
        ("https://100.64.0.9", "https://scan.sv-1.global.canton.network.sync.global", false),
        ("https://localhost.", "https://scan.sv-1.global.canton.network.sync.global", false),
        ("https://scan.localhost", "https://scan.sv-1.global.canton.network.sync.global", false),
        ("https://100.128.0.1", "https://scan.sv-1.global.canton.network.sync.global", true),
    ])
    func onlyHTTPSOrTheSeedsOwnHost(url: String, seed: String, accepted: Bool) {
        #expect(NetworkDiscovery.isAcceptableDiscovered(url, seed: seed) == accepted)
    }
}
