internal import Foundation
internal import Model
public import Status

/// Turns one run into changes to its vantage's history folder. Pure: it sees file contents and
/// returns what to write, so the rules (what is appended, what is rolled up) are tested without
/// a disk, and the live store applies them atomically.
public enum HistoryRecorder {
    public struct Changes: Sendable, Equatable {
        /// Text to add at the end of a file (created when missing).
        public var appends: [String: String] = [:]
        /// Whole files to replace.
        public var writes: [String: String] = [:]
        public var deletions: [String] = []

        public init() {}

        /// (Re)writes `latest.json`, after automated incidents updated its counters.
        public mutating func store(_ latest: LatestRun) {
            writes[HistoryPaths.latest(HistoryPaths.folder(environment: latest.environment, vantage: latest.vantage))] =
                HistoryRecorder.encoded(latest)
        }
    }

    /// Run counters stop here: thresholds are far lower, and a counter that grows forever would
    /// change `latest.json` on every run.
    static let maximumCount = 100

    static let latencyClasses = [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000]

    /// The smallest class at or above `milliseconds`.
    static func latencyClass(_ milliseconds: Int) -> Int {
        latencyClasses.first { $0 >= milliseconds } ?? latencyClasses[latencyClasses.count - 1]
    }

    /// Sample files kept besides today's: yesterday, so the last 24 h are always complete.
    static let keptSampleDays = 1

    /// Records `run`. `previous` is the vantage's `latest.json`; `sampleDays` the days that have a
    /// sample file, with its text for the days that will be rolled up.
    public static func record(
        _ run: ProbeRun, previous: LatestRun?, sampleFiles: [String: String]
    ) -> (latest: LatestRun, changes: Changes) {
        let folder = HistoryPaths.folder(environment: run.environment, vantage: run.vantage)
        var changes = Changes()
        var components: [LatestComponent] = []
        var transitions = ""
        for result in run.components {
            let before = previous?.component(result.component)
            let changed = before?.state != result.state
            if changed {
                transitions += line(Transition(at: run.at, component: result.component, state: result.state, reason: result.reason))
            }
            // A run that could not judge the component neither fails nor passes it: the counters
            // behind automated incidents wait for a run that can.
            let measured = result.state != nil
            // A lasting slowdown (`outOfBaseline`) fails a run as an outage does, so it can open an
            // automated incident under the same rules and quorum.
            let failing = result.state.map { $0 >= .partialOutage || result.outOfBaseline } ?? false
            components.append(LatestComponent(
                component: result.component, state: result.state, reason: result.reason,
                since: changed ? run.at : before?.since ?? run.at,
                targets: result.targets.map {
                    LatestTarget(name: $0.name, check: $0.check.rawValue, state: $0.state,
                                 latencyMilliseconds: $0.latencyMilliseconds.map(latencyClass), reason: $0.reason, details: $0.details)
                },
                failingRuns: !measured ? before?.failingRuns ?? 0 : failing ? min((before?.failingRuns ?? 0) + 1, maximumCount) : 0,
                failingSince: !measured ? before?.failingSince : failing ? (before?.failingSince ?? run.at) : nil,
                passingRuns: !measured ? before?.passingRuns ?? 0 : failing ? 0 : min((before?.passingRuns ?? 0) + 1, maximumCount),
                openIncident: before?.openIncident,
                details: result.details.isEmpty ? nil : result.details, tracking: result.tracking))
        }
        if !transitions.isEmpty { changes.appends[HistoryPaths.transitions(folder)] = transitions }

        let today = run.at.utcDay
        // A component not judged this run has no sample: `-` would count as a failed run.
        // A cadence is a series of its own (`rounds.cadence=600000`, ms a round), written only by a
        // run that saw a new round; readers that know only components never look it up.
        let measuredComponents = run.components.filter { $0.state != nil }
        let latencies = measuredComponents.map { "\($0.component)=\(median($0.targets).map(String.init) ?? "-")" }
        let cadences = measuredComponents.compactMap { result in
            result.cadenceMilliseconds.map { "\(AnomalyDetection.Series.cadence.id(component: result.component))=\($0)" }
        }
        let sample = ([clock(run.at)] + latencies + cadences).joined(separator: "\t") + "\n"
        changes.appends[HistoryPaths.samples(folder, day: today)] = sample

        let oldest = run.at.adding(seconds: -Int64(keptSampleDays) * 86_400).utcDay
        var rollups = ""
        for (day, text) in sampleFiles.sorted(by: { $0.key < $1.key }) where day < oldest {
            for rollup in rollUp(day: day, text: text) { rollups += line(rollup) }
            changes.deletions.append(HistoryPaths.samples(folder, day: day))
        }
        if !rollups.isEmpty { changes.appends[HistoryPaths.daily(folder)] = rollups }

        // Without a new agreed view of the network, the last one is kept: the next run starts its
        // discovery from those Scans.
        let latest = LatestRun(environment: run.environment, vantage: run.vantage, at: run.at, components: components,
                               announcements: run.announcements, network: run.network ?? previous?.network)
        changes.store(latest)
        return (latest, changes)
    }

    /// The median latency of the targets that answered.
    static func median(_ targets: [TargetResult]) -> Int? {
        let answered = targets.filter { $0.state < .partialOutage }.compactMap(\.latencyMilliseconds).sorted()
        return answered.isEmpty ? nil : answered[answered.count / 2]
    }

    /// `HH:MM:SS` in UTC.
    static func clock(_ time: Timestamp) -> String { String(time.description.dropFirst(11).prefix(8)) }

    /// One day's sample file summarised per component, by the same rule the page uses for the
    /// days still held as samples.
    static func rollUp(day: String, text: String) -> [DailyRollup] {
        let byComponent = Dictionary(grouping: HistoryLines.samples(day: day, text: text), by: \.component)
        return byComponent.keys.sorted().map { HistoryLines.rollUp(day: day, component: $0, samples: byComponent[$0] ?? [], hourly: true) }
    }

    // MARK: Encoding

    static func line(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }

    static func encoded(_ latest: LatestRun) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(latest)) ?? Data(), as: UTF8.self) + "\n"
    }
}
