@testable import Model
@testable import Validation
@testable import Status
@testable import Probing
import CantonStatusTestSupport
import Foundation
import Testing

/// Anomaly detection and the flapping hold over generated histories: a vantage folder in memory,
/// written by the real recorder (samples, then daily lines with their hourly p95s), read back
/// into baselines, one run at a time.
@Suite struct AnomalyDetectionTests {
    static let today = (try? Timestamp.parse("2026-11-20T00:00Z").get()) ?? Timestamp(secondsSince1970: 0)

    static func configuration(_ checks: String = "[{type: scans}]") throws -> Configuration {
        let yaml = baseConfiguration.replacingOccurrences(
            of: "checks: [{type: scans, path: /api/scan/readyz}]", with: "checks: \(checks)")
        let parsed = ContentParser.configuration(Array(yaml.utf8))
        return try #require(parsed.document, "\(parsed.diagnostics)")
    }

    /// A small deterministic jitter of ±10 % so a steady series is not a flat line.
    static func jitter(_ base: Int, _ index: Int) -> Int { base + base * ((index * 7_919) % 21 - 10) / 100 }

    /// One vantage's history folder in memory, and the runs made on it (a class so that a call
    /// inside `#expect` can record a run).
    final class Folder {
        var files: [String: String] = [:]
        var latest: LatestRun?
        var configuration: Configuration
        let component = "scan-api"

        init(configuration: Configuration) { self.configuration = configuration }

        /// Seven days of runs every 5 minutes before `today`, recorded as `probe` would have: the older
        /// days rolled up into `daily.jsonl` with their hourly p95s, yesterday still as samples.
        init(configuration: Configuration, history latency: (Timestamp) -> Int) {
            self.configuration = configuration
            var daily = ""
            for day in (1...7).reversed() {
                let start = AnomalyDetectionTests.today.adding(seconds: -Int64(day) * 86_400)
                let text = (0..<288).map { run -> String in
                    let at = start.adding(seconds: Int64(run) * 300)
                    return "\(HistoryRecorder.clock(at))\t\(component)=\(latency(at))"
                }.joined(separator: "\n") + "\n"
                if day == 1 {
                    files["history/mainnet/ci/samples/\(start.utcDay).tsv"] = text
                } else {
                    for rollup in HistoryRecorder.rollUp(day: start.utcDay, text: text) { daily += HistoryRecorder.line(rollup) }
                }
            }
            files["history/mainnet/ci/daily.jsonl"] = daily
        }

        var sampleFiles: [String: String] {
            let prefix = "history/mainnet/ci/samples/"
            return Dictionary(uniqueKeysWithValues: files.filter { $0.key.hasPrefix(prefix) }.map {
                (String($0.key.dropFirst(prefix.count).dropLast(4)), $0.value)
            })
        }

        /// Probes once: four SV Scans answering in `latency` ms, in `state`.
        func probe(at time: Timestamp, latency: Int, state: ComponentState = .operational) -> LatestComponent? {
            let targets = (0..<4).map {
                TargetResult(name: "SV-\($0)", check: .scans, state: state, latencyMilliseconds: latency, reason: state == .operational ? nil : "HTTP 503")
            }
            let run = ProbeRun(environment: "mainnet", vantage: "ci", at: time, components: [
                ComponentResult(component: component, state: state, reason: state == .operational ? nil : "4 of 4 SV Scans not ready", targets: targets),
            ], announcements: [])
            let baselines = Baselines(daily: files["history/mainnet/ci/daily.jsonl"] ?? "", sampleFiles: sampleFiles, now: time)
            let assessed = RunAssessment(configuration: configuration).assess(run, previous: latest, baselines: baselines)
            let (recorded, changes) = HistoryRecorder.record(assessed, previous: latest, sampleFiles: sampleFiles)
            for (path, text) in changes.appends { files[path, default: ""] += text }
            for (path, text) in changes.writes { files[path] = text }
            for path in changes.deletions { files[path] = nil }
            latest = recorded
            return recorded.component(component)
        }
    }

    static func at(_ text: String) throws -> Timestamp { try Timestamp.parse(text).get() }

    @Test func aSteadySeriesNeverFires() throws {
        let folder = Folder(configuration: try Self.configuration()) { Self.jitter(100, Int($0.secondsSince1970 / 300)) }
        for run in 0..<288 {
            let time = Self.today.adding(seconds: Int64(run) * 300)
            let component = try #require(folder.probe(at: time, latency: Self.jitter(100, run + 3)))
            #expect(component.state == .operational, "run \(run): \(component.reason ?? "")")
            #expect(component.tracking == nil, "nothing to remember, so latest.json does not change for it")
        }
    }

    @Test func aStepUpFiresAfterKRunsAndNotBefore() throws {
        let folder = Folder(configuration: try Self.configuration()) { _ in 100 }
        let start = try Self.at("2026-11-20T14:00Z")
        for run in 0..<6 { _ = folder.probe(at: start.adding(seconds: Int64(run) * 300), latency: 100) }
        var states: [ComponentState?] = []
        var reasons: [String?] = []
        for run in 6..<10 {
            let component = folder.probe(at: start.adding(seconds: Int64(run) * 300), latency: 400)
            states.append(component?.state)
            reasons.append(component?.reason)
        }
        #expect(states == [.operational, .operational, .degradedPerformance, .degradedPerformance])
        #expect(reasons[2] == "median latency 0.40 s, 4.0× the 7-day p95 of 0.10 s at 14:00 UTC (3 runs in a row)")
        #expect(reasons[3] == "median latency 0.40 s, 4.0× the 7-day p95 of 0.10 s at 14:00 UTC (4 runs in a row)")
        #expect(folder.latest?.component("scan-api")?.failingRuns == 2, "a lasting slowdown counts towards an automated incident")
        let back = folder.probe(at: start.adding(seconds: 50 * 60), latency: 100)
        #expect(back?.state == .operational)
        #expect(back?.failingRuns == 0)
    }

    @Test func theConfiguredFactorAndRunsApply() throws {
        let folder = Folder(configuration: try Self.configuration("[{type: scans, anomaly: {factor: 5, runs: 2}}]")) { _ in 100 }
        let start = try Self.at("2026-11-20T09:00Z")
        #expect(folder.probe(at: start, latency: 450)?.state == .operational, "4.5× is inside a factor of 5")
        #expect(folder.probe(at: start.adding(seconds: 300), latency: 450)?.state == .operational)
        #expect(folder.probe(at: start.adding(seconds: 600), latency: 600)?.state == .operational, "first run out")
        #expect(folder.probe(at: start.adding(seconds: 900), latency: 600)?.state == .degradedPerformance, "second run out")
    }

    @Test func aDailyPatternDoesNotFireAtItsUsualHour() throws {
        let slowHour = { (time: Timestamp) in HourlyProfile.hour(of: time) == 14 ? 1_000 : 100 }
        let folder = Folder(configuration: try Self.configuration(), history: slowHour)
        let afternoon = try Self.at("2026-11-20T14:00Z")
        for run in 0..<12 {
            let component = folder.probe(at: afternoon.adding(seconds: Int64(run) * 300), latency: 1_000)
            #expect(component?.state == .operational, "14:\(run * 5): \(component?.reason ?? "")")
        }
        // The same latency at an hour that is usually fast is an anomaly.
        let evening = try Self.at("2026-11-20T18:00Z")
        let states = (0..<3).map { folder.probe(at: evening.adding(seconds: Int64($0) * 300), latency: 1_000)?.state }
        #expect(states == [.operational, .operational, .degradedPerformance])
        #expect(folder.latest?.component("scan-api")?.reason == "median latency 1.0 s, 10.0× the 7-day p95 of 0.10 s at 18:00 UTC (3 runs in a row)")
    }

    @Test func singleSpikesDoNotFire() throws {
        let folder = Folder(configuration: try Self.configuration()) { _ in 100 }
        let start = try Self.at("2026-11-20T10:00Z")
        for run in 0..<24 {
            let latency = run % 3 == 1 ? 5_000 : 100
            let component = folder.probe(at: start.adding(seconds: Int64(run) * 300), latency: latency)
            #expect(component?.state == .operational, "run \(run)")
        }
    }

    @Test func withoutHistoryNothingFires() throws {
        let folder = Folder(configuration: try Self.configuration())
        let start = try Self.at("2026-11-20T10:00Z")
        for run in 0..<6 {
            #expect(folder.probe(at: start.adding(seconds: Int64(run) * 300), latency: run < 3 ? 100 : 9_000)?.state == .operational)
        }
    }

    @Test func checksWithFixedThresholdsAreOffByDefault() throws {
        let configuration = try Self.configuration(#"[{type: scans, degraded_above: 2s}]"#)
        let folder = Folder(configuration: configuration) { _ in 100 }
        let start = try Self.at("2026-11-20T10:00Z")
        let states = (0..<4).map { folder.probe(at: start.adding(seconds: Int64($0) * 300), latency: 1_500)?.state }
        #expect(states == [.operational, .operational, .operational, .operational])
        #expect(try Self.configuration(#"[{type: scans, anomaly: off}]"#).component("scan-api")?.checks.first?.anomaly == nil)
        #expect(try Self.configuration(#"[{type: scans, degraded_above: 2s, anomaly: on}]"#).component("scan-api")?.checks.first?.anomaly == .standard)
        #expect(try Self.configuration(#"[{type: rounds}]"#).component("scan-api")?.checks.first?.anomaly == .standard)
        #expect(try Self.configuration(#"[{type: sequencers}]"#).component("scan-api")?.checks.first?.anomaly == nil)
        #expect(try Self.configuration(#"[{type: http, url: "https://x.example/readyz"}]"#).component("scan-api")?.checks.first?.anomaly == nil)
    }

    @Test func aFlappingComponentIsHeldAtItsWorseStateUntilStable() throws {
        let folder = Folder(configuration: try Self.configuration())
        let start = try Self.at("2026-11-20T10:00Z")
        var shown: [ComponentState?] = []
        var unstable: [Bool] = []
        let measured: [ComponentState] = [.operational, .majorOutage, .operational, .majorOutage, .operational, .majorOutage,
                                          .operational, .operational, .operational, .operational]
        for (run, state) in measured.enumerated() {
            let component = folder.probe(at: start.adding(seconds: Int64(run) * 300), latency: 100, state: state)
            shown.append(component?.state)
            unstable.append(component?.reason?.hasPrefix("unstable: ") == true)
        }
        #expect(shown == [.operational, .majorOutage, .operational, .majorOutage, .operational, .majorOutage,
                          .majorOutage, .majorOutage, .operational, .operational])
        #expect(unstable == [false, false, false, false, false, true, true, true, false, false])
        // From the fifth change on, the outage is shown three runs in a row, as an automated incident needs.
        let texts = folder.files["history/mainnet/ci/transitions.jsonl"] ?? ""
        let held = HistoryLines.transitions(texts).filter { $0.reason?.hasPrefix("unstable") == true }
        #expect(held.count == 1, "a hold is one transition, not one a run")
        #expect(held.first?.reason == "unstable: 5 state changes in the last hour; shown as major outage until 3 runs in a row agree (this run: major outage, 4 of 4 SV Scans not ready)")
    }

    @Test func flappingCanBeTunedOrTurnedOff() throws {
        let folder = Folder(configuration: try Self.configuration("[{type: scans, flapping: off}]"))
        let start = try Self.at("2026-11-20T10:00Z")
        let shown = (0..<8).map { folder.probe(at: start.adding(seconds: Int64($0) * 300), latency: 100,
                                               state: $0 % 2 == 0 ? .operational : .majorOutage)?.state }
        #expect(shown == [.operational, .majorOutage, .operational, .majorOutage, .operational, .majorOutage, .operational, .majorOutage])
        let tuned = Folder(configuration: try Self.configuration("[{type: scans, flapping: {changes: 1, stable_runs: 1}}]"))
        #expect(tuned.probe(at: start, latency: 100)?.state == .operational)
        #expect(tuned.probe(at: start.adding(seconds: 300), latency: 100, state: .partialOutage)?.state == .partialOutage)
        #expect(tuned.probe(at: start.adding(seconds: 600), latency: 100)?.state == .partialOutage, "the second change holds")
        #expect(tuned.probe(at: start.adding(seconds: 900), latency: 100)?.state == .operational, "one stable run releases")
    }

    @Test func aSlowerRoundCadenceFires() throws {
        let configuration = try Self.configuration("[{type: rounds}]")
        let assessment = RunAssessment(configuration: configuration)
        // Yesterday: a new round every 10 minutes, seen at every other run.
        let yesterday = Self.today.adding(seconds: -86_400)
        let samples = (0..<144).map { "\(HistoryRecorder.clock(yesterday.adding(seconds: Int64($0) * 600)))\tscan-api=50\tscan-api.cadence=600000" }
            .joined(separator: "\n") + "\n"
        let baselines = Baselines(daily: "", sampleFiles: [yesterday.utcDay: samples], now: Self.today.adding(seconds: 36_000))
        var latest: LatestRun?
        var round = 100
        var opensAt = try Self.at("2026-11-20T10:00Z")
        var states: [ComponentState?] = []
        for run in 0..<6 {
            let time = opensAt.adding(seconds: -60)
            let result = ComponentResult(component: "scan-api", state: .operational, reason: nil,
                                         targets: [TargetResult(name: "SV-0", check: .rounds, state: .operational, latencyMilliseconds: 50, reason: nil)],
                                         details: ["round": String(round)], roundOpensAt: opensAt)
            let assessed = assessment.assess(ProbeRun(environment: "mainnet", vantage: "ci", at: time, components: [result], announcements: []),
                                             previous: latest, baselines: baselines)
            latest = HistoryRecorder.record(assessed, previous: latest, sampleFiles: [:]).latest
            states.append(latest?.component("scan-api")?.state)
            // After the first run, rounds come every 35 minutes.
            round += 1
            opensAt = opensAt.adding(seconds: run == 0 ? 600 : 2_100)
        }
        #expect(states == [.operational, .operational, .operational, .operational, .degradedPerformance, .degradedPerformance])
        #expect(latest?.component("scan-api")?.reason == "a new round every 35 min, 3.5× the 1-day p95 of 10 min (4 runs in a row)")
    }

    @Test func historyFilesOfEveryAgeStayReadable() throws {
        let old = #"{"day":"2026-11-01","component":"a","runs":288,"failures":0,"p50":40,"p95":90,"max":120}"#
        let new = #"{"day":"2026-11-02","component":"a","runs":288,"failures":0,"p50":40,"p95":90,"max":120,"hours":"1,2,,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24"}"#
        let rollups = HistoryLines.rollups(old + "\n" + new + "\n")
        #expect(rollups.map(\.hours) == [nil, "1,2,,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24"])
        #expect(HourlyProfile.decoded(rollups[1].hours ?? "")?[2] == .some(nil))
        let latest = #"{"environment":"mainnet","vantage":"ci","at":"2026-11-20T14:00:00Z","announcements":[],"components":[{"component":"a","state":"operational","since":"2026-11-20T14:00:00Z","targets":[],"failingRuns":0,"passingRuns":3}]}"#
        let decoded = try JSONDecoder().decode(LatestRun.self, from: Data(latest.utf8))
        #expect(decoded.components.first?.tracking == nil)
    }

    @Test func settingErrorsPointAtTheValue() throws {
        let components = """
            page: {title: Canton Network Status, url: "https://status.example.org"}
            environments:
              - {id: mainnet, name: MainNet, scan: "https://scan.sv-1.global.canton.network.sync.global"}
            groups:
              - {id: apis, name: APIs}
            components:
              - {id: a, name: A, group: apis, checks: [{type: scans, anomaly: {factor: 1️⃣0.5, runs: 3}}]}
              - {id: b, name: B, group: apis, checks: [{type: rounds, anomaly: {2️⃣fctor: 3}}]}
              - {id: c, name: C, group: apis, checks: [{type: scans, anomaly: 3️⃣sometimes}]}
              - {id: d, name: D, group: apis, checks: [{type: scans, anomaly: {runs: 4️⃣0}}]}
              - {id: e, name: É, group: apis, checks: [{type: scans, flapping: {changes: 4, stable_runs: 5️⃣many}}]}
              - {id: f, name: F, group: apis, checks: [{type: versions, 6️⃣anomaly: on}]}
              - {id: g, name: G, group: apis, checks: [{type: scans, anomaly: 7️⃣[3, 3]}]}

            """
        try expectDiagnostics(["components.yml": components], [
            "1️⃣": (.invalidValue, .error), "2️⃣": (.unknownKey, .error), "3️⃣": (.invalidValue, .error),
            "4️⃣": (.invalidValue, .error), "5️⃣": (.invalidValue, .error), "6️⃣": (.unknownKey, .error),
            "7️⃣": (.wrongType, .error),
        ])
        let parsed = ContentParser.configuration(Array(MarkedText(components).text.utf8))
        let messages = parsed.diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "") \($0.message) | \($0.hint ?? "")" }
        #expect(messages.contains("7:76 'factor' must be a number above 1 and at most 100, not '0.5' | e.g. factor: 3, for three times the baseline's p95"))
        #expect(messages.contains("8:69 unknown key 'fctor' in 'anomaly' | did you mean 'factor'?"))
        #expect(messages.contains("9:67 'sometimes' is not a setting for 'anomaly' | write anomaly: off, anomaly: on, or anomaly: {factor: 3, runs: 3}"))
    }
}
