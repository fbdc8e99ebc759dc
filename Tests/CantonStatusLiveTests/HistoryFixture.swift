@testable import Model
@testable import Status
@testable import Probing
import CantonStatusTestSupport
import Foundation

/// `history/` files made the way `probe` makes them: each run goes through the real
/// `HistoryRecorder`, and its appends, writes and deletions are applied to an in-memory tree.
struct HistoryFixture {
    private(set) var files: [String: String] = [:]
    private var latest: [String: LatestRun] = [:]

    mutating func record(_ run: ProbeRun) {
        let folder = HistoryPaths.folder(environment: run.environment, vantage: run.vantage)
        var sampleFiles: [String: String] = [:]
        for (path, text) in files where path.hasPrefix("\(folder)/samples/") {
            sampleFiles[String(path.dropFirst("\(folder)/samples/".count).dropLast(4))] = text
        }
        let (latest, changes) = HistoryRecorder.record(run, previous: latest["\(folder)"], sampleFiles: sampleFiles)
        self.latest[folder] = latest
        for (path, text) in changes.appends { files[path, default: ""] += text }
        for (path, text) in changes.writes { files[path] = text }
        for path in changes.deletions { files[path] = nil }
    }

    /// A run every `every` seconds in `[from, to]`, each built by `components(at:)`.
    mutating func probe(
        _ environment: String, vantage: String, from: Timestamp, to: Timestamp, every: Int64 = 900,
        announcements: [Announcement] = [], network: NetworkSummary? = nil, components: (Timestamp) -> [ComponentResult]
    ) {
        var time = from
        while time <= to {
            record(ProbeRun(environment: environment, vantage: vantage, at: time, components: components(time),
                            announcements: announcements.filter { $0.at > time }, network: network))
            time = time.adding(seconds: every)
        }
    }

    func write(into directory: TemporaryDirectory) throws {
        for (path, text) in files { try directory.write(path, text) }
    }
}

func utc(_ text: String) -> Timestamp { try! Timestamp.parse(text).get() }

/// Probed networks for the repository's own content, as of `siteNow` (2026-11-24T12:00Z), every
/// 15 minutes since 2026-11-21:
///
/// - MainNet, two vantages (`vantages: 2`) a minute apart: `ci` sees the Scan API down from 09:00,
///   `cluster-eu` does not (the quorum shows it operational); both see the SV app down, `ci` from
///   10:00 and `cluster-eu` from 10:01 (no incident: the page shows the measured outage from 10:01).
///   Four SVs probed of five in the DSO rules (one publishes nothing), one on an older version and
///   one two rounds behind. Scan announces a synchronizer upgrade no window covers. `cluster-eu` ran last, so its targets fill the SV matrix.
/// - TestNet, one vantage: the Scan API measured down while an open incident declares degraded
///   performance (the incident wins). Its announced upgrade falls inside the posted window.
/// - DevNet, one vantage that stopped at 09:00: stale; its measured round stall is not shown.
enum MeasuredWorld {
    static let svs = ["Global-Synchronizer-Foundation", "Digital-Asset-1", "Cumberland-1", "Five-North-1"]
    static let start = utc("2026-11-21T00:00Z")

    static func history(
        hostileName: String? = nil, hostileVersion: String? = nil, hostileReason: String? = nil
    ) -> HistoryFixture {
        var fixture = HistoryFixture()
        let names = svs + (hostileName.map { [$0] } ?? [])
        let mainnetUpgrade = Announcement(kind: "synchronizer-upgrade", at: utc("2026-12-10T14:00Z"), migrationID: 5)
        // Five SVs in the DSO rules; Proof-Group-1 publishes neither a Scan nor a sequencer.
        let network = NetworkSummary(
            agreedAt: start, svCount: names.count + 1, votingThreshold: 4, sequencerSerial: 1, migrationID: nil,
            scans: names.map { .init(sv: $0, url: "https://scan.\($0.lowercased()).example") },
            sequencers: names.map { .init(sv: $0, url: "https://sequencer-1.\($0.lowercased()).example") },
            missingScans: ["Proof-Group-1"], missingSequencers: ["Proof-Group-1"])
        for (vantage, offset) in [("ci", Int64(0)), ("cluster-eu", 60)] {
            fixture.probe("mainnet", vantage: vantage, from: start.adding(seconds: offset), to: utc("2026-11-24T11:46Z"),
                          announcements: [mainnetUpgrade], network: network) { at in
                let scanDown = vantage == "ci" && at >= utc("2026-11-24T09:00Z")
                let svAppDown = at >= utc("2026-11-24T10:00Z")
                return mainnet(at: at, names: names, scanDown: scanDown, svAppDown: svAppDown, vantage: vantage,
                               hostileVersion: hostileVersion, hostileReason: hostileReason)
            }
        }
        let testnetUpgrade = Announcement(kind: "synchronizer-upgrade", at: utc("2026-12-03T15:00Z"), migrationID: 2)
        fixture.probe("testnet", vantage: "ci", from: start, to: utc("2026-11-24T11:45Z"), announcements: [testnetUpgrade]) { at in
            let down = at >= utc("2026-11-23T15:30Z")
            return ["rounds", "sequencers", "sv-app", "sv-availability", "versions"].map { operational($0, at: at) }
                + [ComponentResult(component: "scan-api", state: down ? .majorOutage : .operational,
                                   reason: down ? "4 of 4 SV Scans not ready (timeout after 5 s)" : nil, targets: [])]
        }
        fixture.probe("devnet", vantage: "ci", from: start, to: utc("2026-11-24T09:00Z")) { at in
            let stalled = at >= utc("2026-11-24T08:00Z")
            return ["sequencers", "scan-api", "sv-app", "sv-availability", "versions"].map { operational($0, at: at) }
                + [ComponentResult(component: "rounds", state: stalled ? .majorOutage : .operational,
                                   reason: stalled ? "newest round opened 40 min ago; tick is 10 min" : nil, targets: [])]
        }
        return fixture
    }

    /// Latency that varies with the time of day but is the same on every run of the tests.
    static func latency(_ at: Timestamp, base: Int) -> Int {
        base + Int((at.secondsSince1970 / 900) % 12) * 15
    }

    static func operational(_ component: String, at: Timestamp) -> ComponentResult {
        ComponentResult(component: component, state: .operational, reason: nil, targets: [
            TargetResult(name: "probe-\(component)", check: .http, state: .operational,
                         latencyMilliseconds: latency(at, base: 80), reason: nil),
        ])
    }

    static func mainnet(
        at: Timestamp, names: [String], scanDown: Bool, svAppDown: Bool, vantage: String,
        hostileVersion: String?, hostileReason: String?
    ) -> [ComponentResult] {
        func perSV(_ check: Check.Kind, _ result: (Int, String) -> TargetResult) -> [TargetResult] {
            names.enumerated().map { result($0.offset, $0.element) }
        }
        let scans = perSV(.scans) { index, name in
            TargetResult(name: name, check: .scans, state: scanDown ? .majorOutage : .operational,
                         latencyMilliseconds: scanDown ? nil : latency(at, base: 120 + index * 10),
                         reason: scanDown ? (hostileReason ?? "timeout after 5 s") : nil)
        }
        let versions = perSV(.versions) { index, name in
            let version = index == names.count - 1 ? (hostileVersion ?? "0.5.2") : "0.5.3"
            return TargetResult(name: name, check: .versions, state: .operational, latencyMilliseconds: 90, reason: nil,
                                details: ["version": version])
        }
        let rounds = perSV(.rounds) { index, name in
            let behind = index == 1
            return TargetResult(name: name, check: .rounds, state: behind ? .degradedPerformance : .operational,
                                latencyMilliseconds: 150, reason: behind ? "round 12343, 2 behind" : nil,
                                details: ["round": behind ? "12343" : "12345"])
        }
        let sequencers = perSV(.sequencers) { _, name in
            TargetResult(name: name, check: .sequencers, state: .operational, latencyMilliseconds: 60, reason: nil)
        }
        let svApp = TargetResult(name: "sv.sv-1.global.canton.network.sync.global/api/sv/readyz", check: .http,
                                 state: svAppDown ? .majorOutage : .operational,
                                 latencyMilliseconds: svAppDown ? nil : latency(at, base: 200),
                                 reason: svAppDown ? (hostileReason ?? "HTTP 503") : nil)
        return [
            ComponentResult(component: "rounds", state: .operational, reason: "1 of 4 SV Scans disagree on the newest round", targets: rounds),
            ComponentResult(component: "sequencers", state: .operational, reason: nil, targets: sequencers),
            ComponentResult(component: "scan-api", state: scanDown ? .majorOutage : .operational,
                            reason: scanDown ? "4 of 4 SV Scans not ready (timeout after 5 s)" : nil, targets: scans),
            ComponentResult(component: "sv-app", state: svAppDown ? .majorOutage : .operational,
                            reason: svAppDown ? (hostileReason ?? "HTTP 503") : nil, targets: [svApp]),
            ComponentResult(component: "validator-api", state: .operational, reason: nil, targets: [
                TargetResult(name: "validator.\(vantage).example/api/validator/readyz", check: .http, state: .operational,
                             latencyMilliseconds: latency(at, base: 40), reason: nil),
            ]),
            ComponentResult(component: "sv-availability", state: .operational, reason: nil, targets: scans.map {
                var target = $0
                target.state = .operational
                target.reason = nil
                target.latencyMilliseconds = 100
                return target
            }),
            ComponentResult(component: "versions", state: .operational, reason: "version drift: 3 on 0.5.3, 1 on 0.5.2", targets: versions),
        ]
    }
}

/// The repository's own content with `MeasuredWorld`'s history.
func measuredContentRepository() throws -> TemporaryDirectory {
    let repository = try ownContentRepository()
    try MeasuredWorld.history().write(into: repository)
    return repository
}
