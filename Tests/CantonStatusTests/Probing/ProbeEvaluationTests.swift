@testable import CantonStatus
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

    @Test func roundsFollowTheTickFromThePayload() throws {
        let now = try Timestamp.parse("2026-11-20T14:05Z").get()
        func round(_ number: Int, minutesAgo: Int64, tick: Int64 = 600) -> CheckEvaluation.Round {
            .init(number: number, opensAt: now.adding(seconds: -minutesAgo * 60), tickSeconds: tick)
        }
        let targets = ["A", "B", "C"].map { TargetResult(name: $0, check: .rounds, state: .operational, latencyMilliseconds: 5, reason: nil) }
        let check = try Self.check("{type: rounds}")
        #expect(CheckEvaluation.roundProgress(targets, rounds: ["A": round(10, minutesAgo: 5), "B": round(10, minutesAgo: 5), "C": round(10, minutesAgo: 5)],
                                       check: check, now: now).0 == .operational)
        #expect(CheckEvaluation.roundProgress(targets, rounds: ["A": round(10, minutesAgo: 25)], check: check, now: now).0 == .degradedPerformance)
        let stalled = CheckEvaluation.roundProgress(targets, rounds: ["A": round(10, minutesAgo: 34)], check: check, now: now)
        #expect(stalled.0 == .majorOutage)
        #expect(stalled.1?.hasPrefix("newest round opened 34 min ago; tick is 10 min") == true)
        // A 30-minute tick voted by the SVs: 34 minutes is normal.
        #expect(CheckEvaluation.roundProgress(targets, rounds: ["A": round(10, minutesAgo: 34, tick: 1_800)], check: check, now: now).0 == .operational)
        let behind = CheckEvaluation.roundProgress(targets, rounds: ["A": round(10, minutesAgo: 5), "B": round(10, minutesAgo: 5), "C": round(7, minutesAgo: 35)],
                                            check: check, now: now)
        #expect(behind.0 == .operational)
        #expect(behind.2.map { $0.details["behind"] } == ["0", "0", "3"])
        #expect(behind.1 == "1 of 3 SV Scans disagree on the newest round (C: round 7, 3 behind)")
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

    @Test func oldSampleFilesRollUpIntoDailyLines() throws {
        let samples = (0..<10).map { "1\($0):00:00\ta=\(($0 + 1) * 10)\tb=-" }.joined(separator: "\n") + "\n"
        let recorded = HistoryRecorder.record(try Self.run(at: "2026-11-20T14:00Z", ["a": .operational]), previous: nil,
                                              sampleFiles: ["2026-11-17": samples, "2026-11-19": samples])
        #expect(recorded.changes.deletions == ["history/mainnet/ci/samples/2026-11-17.tsv"], "yesterday's file is kept")
        let daily = HistoryRecorder.decodeLines(DailyRollup.self, recorded.changes.appends["history/mainnet/ci/daily.jsonl"] ?? "")
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
    ])
    func onlyHTTPSOrTheSeedsOwnHost(url: String, seed: String, accepted: Bool) {
        #expect(Prober<NeverHTTP>.isAcceptableDiscovered(url, seed: seed) == accepted)
    }
}

/// A `ProbeTransport` for tests of static rules; never asked to fetch.
struct NeverHTTP: ProbeTransport {
    func fetch(_ request: ProbeRequest) async -> ProbeResponse {
        ProbeResponse(outcome: .failure("not used"), latencyMilliseconds: 0)
    }

    func checkHealth(_ request: HealthCheckRequest) async -> HealthCheckResponse {
        HealthCheckResponse(outcome: .failure("not used"), latencyMilliseconds: 0)
    }
}
