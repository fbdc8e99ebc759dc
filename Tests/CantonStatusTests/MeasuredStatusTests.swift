@testable import Model
@testable import Content
@testable import Validation
@testable import Status
@testable import Probing
import CantonStatusTestSupport
import Foundation
import Testing

/// Merging vantages, measured uptime, the day marks' precedence and the SV matrix, on small
/// hand-made timelines whose answers can be worked out on paper.
@Suite struct MeasuredStatusTests {
    static let base = try! Timestamp.parse("2026-11-24T00:00Z").get()

    static func at(_ hours: Double) -> Timestamp { base.adding(seconds: Int64(hours * 3600)) }

    static func transitions(_ steps: [(Double, ComponentState)]) -> [Transition] {
        steps.map { Transition(at: at($0.0), component: "scan-api", state: $0.1, reason: nil) }
    }

    static func intervals(_ timeline: Timeline) -> [String] {
        timeline.intervals.map { "\($0.start.description.dropFirst(11).prefix(5))-\($0.end.map { String($0.description.dropFirst(11).prefix(5)) } ?? "now") \($0.state.rawValue)" }
    }

    @Test func twoVantagesMustAgreeByDefault() {
        let merged = QuorumTimeline.merge([
            .init(transitions: Self.transitions([(0, .operational), (10, .majorOutage), (11, .operational)]), silentFrom: nil),
            .init(transitions: Self.transitions([(0, .operational), (10.5, .majorOutage), (12, .operational)]), silentFrom: nil),
        ], quorum: nil, now: Self.at(14))
        #expect(Self.intervals(merged) == ["00:00-10:30 operational", "10:30-11:00 major-outage", "11:00-now operational"])
    }

    @Test func aQuorumOfOneShowsTheWorstVantage() {
        let merged = QuorumTimeline.merge([
            .init(transitions: Self.transitions([(0, .operational), (10, .degradedPerformance)]), silentFrom: nil),
            .init(transitions: Self.transitions([(0, .operational), (11, .partialOutage)]), silentFrom: nil),
        ], quorum: 1, now: Self.at(14))
        #expect(Self.intervals(merged) == ["00:00-10:00 operational", "10:00-11:00 degraded-performance", "11:00-now partial-outage"])
    }

    /// Regression: a vantage that stopped probing kept voting with its last state, so with two
    /// vantages the remaining one could never show an outage again.
    @Test func aSilentVantageStopsVoting() {
        let merged = QuorumTimeline.merge([
            .init(transitions: Self.transitions([(0, .operational)]), silentFrom: Self.at(10)),
            .init(transitions: Self.transitions([(0, .operational), (11, .majorOutage)]), silentFrom: nil),
        ], quorum: nil, now: Self.at(14))
        #expect(Self.intervals(merged) == ["00:00-11:00 operational", "11:00-now major-outage"])
    }

    /// A run that could not judge the component (no quorum of Scans) records a `nil` state: that
    /// vantage stops voting until it can judge again, and alone it leaves a gap, not downtime.
    @Test func aVantageThatCouldNotJudgeDoesNotVote() {
        let unjudged = [Transition(at: Self.at(10), component: "scan-api", state: nil, reason: "not measured: no quorum")]
        let merged = QuorumTimeline.merge([
            .init(transitions: Self.transitions([(0, .operational)]) + unjudged + Self.transitions([(12, .operational)]), silentFrom: nil),
        ], quorum: nil, now: Self.at(14))
        #expect(Self.intervals(merged) == ["00:00-10:00 operational", "12:00-now operational"])
        let two = QuorumTimeline.merge([
            .init(transitions: Self.transitions([(0, .operational)]) + unjudged, silentFrom: nil),
            .init(transitions: Self.transitions([(0, .operational), (11, .majorOutage)]), silentFrom: nil),
        ], quorum: nil, now: Self.at(14))
        #expect(Self.intervals(two) == ["00:00-11:00 operational", "11:00-now major-outage"],
                "the vantage that can judge decides alone, as when the other is silent")
    }

    @Test func timeNobodyReportedIsAGapAndNotUptime() {
        let merged = QuorumTimeline.merge([
            .init(transitions: Self.transitions([(0, .majorOutage), (1, .operational)]), silentFrom: Self.at(2)),
            .init(transitions: Self.transitions([(3, .operational)]), silentFrom: nil),
        ], quorum: nil, now: Self.at(5))
        #expect(Self.intervals(merged) == ["00:00-01:00 major-outage", "01:00-02:00 operational", "03:00-now operational"])
        let component = MeasuredComponent(state: .operational, reason: nil, timeline: merged, firstMeasuredAt: Self.at(0), daily: [],
                                          recent: [], targets: [])
        // Measured 0–2 h and 3–5 h: one hour down of four measured.
        #expect(component.uptime(from: Self.at(0), to: Self.at(5)) == 0.75)
        #expect(component.uptime(from: Self.at(2), to: Self.at(3)) == nil, "nothing measured in the gap")
        #expect(component.uptime(from: Self.at(-24), to: Self.at(1)) == 0, "only the measured hour counts")
        #expect(component.stateSince(now: Self.at(5)) == Self.at(3))
    }

    @Test func partialOutagesWeighThirtyPercent() {
        let timeline = Timeline(intervals: [.init(start: Self.at(0), end: Self.at(1), state: .partialOutage),
                                                    .init(start: Self.at(1), end: nil, state: .operational)])
        let component = MeasuredComponent(state: .operational, reason: nil, timeline: timeline, firstMeasuredAt: Self.at(0), daily: [],
                                          recent: [], targets: [])
        #expect(abs((component.uptime(from: Self.at(0), to: Self.at(10)) ?? 0) - 0.97) < 1e-12)
    }

    /// A day shows the worst moment by the precedence rule: declared where something was
    /// declared, measured elsewhere.
    @Test func dayMarksPreferWhatWasDeclared() {
        let today = Int(Self.base.secondsSince1970 / 86_400)
        let declared = Timeline(intervals: [
            // Maintenance over the whole measured outage of day −2.
            .init(start: Self.at(-48), end: Self.at(-40), state: .underMaintenance),
            // A resolved-at-once incident still marks its day.
            .init(start: Self.at(-70), end: Self.at(-70), state: .degradedPerformance),
        ])
        let measured = Timeline(intervals: [
            .init(start: Self.at(-48), end: Self.at(-47), state: .operational),
            .init(start: Self.at(-47), end: Self.at(-44), state: .majorOutage),
            .init(start: Self.at(-44), end: Self.at(-20), state: .operational),
            .init(start: Self.at(-20), end: Self.at(-19), state: .partialOutage),
            .init(start: Self.at(-19), end: nil, state: .operational),
        ])
        let marks = StatusSnapshot.dayMarks(declared: declared, measured: measured, firstDay: today - 3, lastDay: today, now: Self.at(6))
        #expect(marks.map(\.day) == ["2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"])
        #expect(marks.map(\.state) == [.degradedPerformance, .underMaintenance, .partialOutage, .operational])
        #expect(marks.map(\.measured) == [false, true, true, true])
    }

    @Test func announcementsAWindowCoversAreNotRepeated() throws {
        let measured = MeasuredNetwork(
            lastProbedAt: Self.at(0), freshVantages: ["ci"], vantages: ["ci"], isStale: false, components: [:],
            announcements: [Announcement(kind: "synchronizer-upgrade", at: Self.at(30), migrationID: 3),
                            Announcement(kind: "synchronizer-upgrade", at: Self.at(80), migrationID: 4),
                            Announcement(kind: "something-else", at: Self.at(90), migrationID: nil)])
        #expect(StatusSnapshot.unpostedAnnouncements(measured, windows: []).map(\.migrationID) == [3, 4])
    }

    // MARK: Reading history

    @Test func historyWrittenByTheRecorderIsReadBack() throws {
        var files: [String: String] = [:]
        var previous: LatestRun?
        for minutes in stride(from: 0, through: 60 * 50, by: 30) {
            let at = Self.at(Double(minutes) / 60)
            let down = minutes >= 60 * 49
            let run = ProbeRun(environment: "mainnet", vantage: "ci", at: at, components: [
                ComponentResult(component: "scan-api", state: down ? .majorOutage : .operational, reason: down ? "HTTP 503" : nil, targets: [
                    TargetResult(name: "SV-1\u{202E}\n", check: .scans, state: down ? .majorOutage : .operational,
                                 latencyMilliseconds: down ? nil : 100 + minutes % 50, reason: nil),
                ]),
            ], announcements: [])
            var samples: [String: String] = [:]
            for (path, text) in files where path.contains("/samples/") { samples[String(path.suffix(14).prefix(10))] = text }
            let (latest, changes) = HistoryRecorder.record(run, previous: previous, sampleFiles: samples)
            previous = latest
            for (path, text) in changes.appends { files[path, default: ""] += text }
            for (path, text) in changes.writes { files[path] = text }
            for path in changes.deletions { files[path] = nil }
        }
        #expect(files.keys.contains("history/mainnet/ci/daily.jsonl"), "the first day was rolled up")
        let configuration = try #require(try ContentValidatorFixture.configuration())
        let status = MeasuredStatus.load(from: InMemoryFileSystem(files), configuration: configuration, now: Self.at(50.2))
        let component = try #require(status.environment("mainnet")?.components["scan-api"])
        #expect(component.state == .majorOutage)
        #expect(component.reason == "HTTP 503")
        #expect(component.daily.map(\.day) == ["2026-11-24", "2026-11-25", "2026-11-26"])
        #expect(component.daily.first?.runs == 48 && component.daily.last?.failures == 3)
        #expect(component.targets.first?.name == "SV-1 ", "the override is dropped, the line break is a space")
        // Down from 49:00 to 50:12 of 50.2 measured hours.
        #expect(abs((component.uptime(from: Self.at(0), to: Self.at(50.2)) ?? 0) - (1 - 1.2 / 50.2)) < 1e-9)
        #expect(status.environment("testnet") == nil)
    }

    /// The fast reader gives what `JSONDecoder` gives, and falls back to it for lines it does not handle.
    @Test func historyLinesMatchTheDecoder() {
        let text = #"""
            {"at":"2026-11-24T10:00:00Z","component":"scan-api","reason":"4 of 4 SV Scans not ready","state":"major-outage"}
            {"at":"2026-11-24T10:20:00Z","component":"scan-api","state":"operational"}
            {"at":"2026-11-24T10:30:00Z","component":"scan-api","reason":"said \"no\" \u00e9","state":"partial-outage"}
            { "at" : "2026-11-24T10:40:00+01:00", "component": "sv-app", "reason": null, "state": "degraded-performance" }
            not json
            {"at":"2026-11-24T10:50:00Z","component":"scan-api","state":"on-fire"}

            {"day":"2026-11-23","component":"scan-api","runs":288,"failures":3,"p50":120,"p95":900,"max":4000}
            {"day":"2026-11-22","component":"scan-api","runs":12,"failures":12,"p50":null,"p95":null,"max":null}
            {"day":"2026-11-21","component":"scan-api","runs":1.5,"failures":0}
            """#
        /// The reference: `JSONDecoder` line by line, lines it refuses skipped.
        func decoded<T: Decodable>(_ type: T.Type) -> [T] {
            text.split(separator: "\n").compactMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
        }
        let transitions = HistoryLines.transitions(text)
        #expect(transitions == decoded(Transition.self))
        #expect(transitions.count == 4)
        #expect(transitions[2].reason == "said \"no\" é", "an escaped line goes to the decoder")
        #expect(HistoryLines.rollups(text) == decoded(DailyRollup.self))
        #expect(HistoryLines.rollups(text).map(\.runs) == [288, 12])
    }

    // MARK: SV matrix

    @Test func theMatrixJoinsChecksPerSVAndCountsDrift() throws {
        func target(_ name: String, _ check: Check.Kind, _ state: ComponentState = .operational, latency: Int? = 100,
                    reason: String? = nil, details: [String: String] = [:]) -> LatestTarget {
            LatestTarget(name: name, check: check.rawValue, state: state, latencyMilliseconds: latency, reason: reason, details: details)
        }
        func component(_ targets: [LatestTarget]) -> MeasuredComponent {
            MeasuredComponent(state: .operational, reason: nil, timeline: Timeline(intervals: []), firstMeasuredAt: Self.at(0),
                              daily: [], recent: [], targets: targets, targetsVantage: "ci", targetsAt: Self.at(0))
        }
        let matrix = try #require(TargetMatrix([
            component([target("b-sv", .scans, latency: 120), target("A-sv", .scans, .majorOutage, latency: nil, reason: "HTTP 503"),
                       target("host/readyz", .http)]),
            component([target("b-sv", .versions, details: ["version": "0.5.3"]), target("A-sv", .versions, details: ["version": "0.5.2"]),
                       target("c-sv", .versions, details: ["version": "0.5.3"])]),
            component([target("b-sv", .rounds, details: ["behind": "0"])]),
        ]))
        #expect(matrix.rows.map(\.name) == ["A-sv", "b-sv", "c-sv"], "sorted by name, URLs left out")
        #expect(matrix.columns == [.ready, .version, .round, .latency])
        #expect(matrix.rows[0].cells[.ready] == .init(state: .majorOutage, text: "Major outage", note: "HTTP 503"))
        #expect(matrix.rows[0].cells[.latency]?.text == "—")
        #expect(matrix.rows[1].cells[.latency]?.text == "120 ms")
        #expect(matrix.rows[1].cells[.round]?.text == "0 behind")
        #expect(matrix.versions.map(\.version) == ["0.5.3", "0.5.2"] && matrix.hasDrift)
        #expect(matrix.rows[0].cells[.version]?.note == "differs from 2 on 0.5.3")
        #expect(matrix.rows[2].cells[.ready] == nil)
    }
}

/// A small valid `components.yml`, parsed, for tests that need a `Configuration`.
enum ContentValidatorFixture {
    static func configuration() throws -> Configuration? {
        let files = ["components.yml": """
            page: {title: Status, url: "https://status.example.org"}
            environments:
              - {id: mainnet, name: MainNet, scan: "https://scan.example.org"}
              - {id: testnet, name: TestNet, scan: "https://scan.test.example.org"}
            groups: [{id: apis, name: APIs}]
            components: [{id: scan-api, name: Scan API, group: apis}]

            """]
        let report = try ContentValidator(now: MeasuredStatusTests.base).validate(InMemoryFileSystem(files), history: NoGitHistory())
        return report.content?.configuration
    }
}
