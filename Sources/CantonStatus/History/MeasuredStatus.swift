internal import Foundation

/// What the probes measured, merged across vantages, as the site shows it beside what incidents
/// declare.
///
/// Vantage quorum: the state shown is the worst state that enough vantages agree on — `vantages:`
/// in the environment, or else a majority of the vantages that reported recently. With two
/// vantages and no setting, both must see a problem before the page shows it, so one prober's own
/// network trouble does not turn the page red.
public struct MeasuredStatus: Sendable {
    public var environments: [String: MeasuredEnvironment]

    public static let empty = MeasuredStatus(environments: [:])
    /// A vantage whose last run is older than this no longer counts, and the page warns.
    public static let staleAfter: Int64 = 20 * 60

    public init(environments: [String: MeasuredEnvironment]) {
        self.environments = environments
    }

    public func environment(_ id: String) -> MeasuredEnvironment? { environments[id] }
}

public struct MeasuredEnvironment: Sendable {
    /// The newest run of any vantage.
    public var lastProbedAt: Timestamp?
    /// Vantages that reported within `staleAfter` of `now`, and all that ever reported.
    public var freshVantages: [String]
    public var vantages: [String]
    public var isStale: Bool
    public var components: [String: MeasuredComponent]
    /// Upgrades the network announces that are still ahead.
    public var announcements: [Announcement]
}

public struct MeasuredComponent: Sendable {
    /// The current state by quorum; `nil` when no vantage reported it recently.
    public var state: ComponentState?
    public var reason: String?
    /// Measured intervals merged by quorum, for uptime and the 90-day bars.
    public var timeline: DeclaredTimeline
    /// Uptime is only counted from the first measurement on.
    public var firstMeasuredAt: Timestamp
    /// Per UTC day, oldest first: rolled-up days and the days still kept as samples.
    public var daily: [DailyRollup]
    /// The last 24 hours of samples, oldest first.
    public var recent: [LatencySample]
    /// Every target of the freshest vantage's last run (the SV × check matrix).
    public var targets: [LatestTarget]

    /// Measured availability over `[from, to)`, counted from the first measurement; `nil` when
    /// nothing was measured in the window.
    public func uptime(from: Timestamp, to: Timestamp) -> Double? {
        let start = max(from, firstMeasuredAt)
        guard start < to else { return nil }
        return timeline.uptime(from: start, to: to)
    }
}

extension MeasuredStatus {
    /// Reads `history/` of a repository. Missing or unreadable files mean "not measured"; history
    /// never stops the page from building.
    public static func load(from fileSystem: some ContentFileSystem, configuration: Configuration, now: Timestamp) -> MeasuredStatus {
        var environments: [String: MeasuredEnvironment] = [:]
        for environment in configuration.environments {
            let id = environment.id.value
            let root = "\(HistoryPaths.root)/\(id)"
            guard let entries = try? fileSystem.entries(in: root) else { continue }
            var vantages: [VantageRecords] = []
            for entry in entries where entry.kind == .directory && !entry.name.hasPrefix(".") {
                if let records = VantageRecords.read(HistoryPaths.folder(environment: id, vantage: entry.name), name: entry.name, fileSystem: fileSystem) {
                    vantages.append(records)
                }
            }
            guard !vantages.isEmpty else { continue }
            environments[id] = merge(vantages, quorum: environment.vantageQuorum, now: now)
        }
        return MeasuredStatus(environments: environments)
    }

    /// What one vantage folder holds.
    struct VantageRecords {
        var name: String
        var latest: LatestRun
        var transitions: [Transition]
        var daily: [DailyRollup]
        var samples: [LatencySample]

        static func read(_ folder: String, name: String, fileSystem: some ContentFileSystem) -> VantageRecords? {
            func text(_ path: String) -> String? {
                guard case .bytes(let bytes)? = try? fileSystem.read(path) else { return nil }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard let latestText = text(HistoryPaths.latest(folder)),
                  let latest = try? JSONDecoder().decode(LatestRun.self, from: Data(latestText.utf8)) else { return nil }
            var samples: [LatencySample] = []
            for entry in (try? fileSystem.entries(in: "\(folder)/samples")) ?? [] where entry.name.hasSuffix(".tsv") {
                let day = String(entry.name.dropLast(4))
                samples += HistoryRecorder.samples(day: day, text: text("\(folder)/samples/\(entry.name)") ?? "")
            }
            return VantageRecords(
                name: name, latest: latest,
                transitions: HistoryRecorder.decodeLines(Transition.self, text(HistoryPaths.transitions(folder)) ?? ""),
                daily: HistoryRecorder.decodeLines(DailyRollup.self, text(HistoryPaths.daily(folder)) ?? ""),
                samples: samples.sorted { $0.at < $1.at })
        }
    }

    /// The state at least `need` of `states` agree is reached: the `need`-th worst.
    static func quorumState(_ states: [ComponentState], need: Int) -> ComponentState? {
        guard !states.isEmpty else { return nil }
        let worstFirst = states.sorted(by: >)
        return worstFirst[min(max(need, 1), worstFirst.count) - 1]
    }

    static func needed(quorum: Int?, reporting: Int) -> Int {
        min(quorum ?? (reporting / 2 + 1), reporting)
    }

    static func merge(_ vantages: [VantageRecords], quorum: Int?, now: Timestamp) -> MeasuredEnvironment {
        let fresh = vantages.filter { now.secondsSince1970 - $0.latest.at.secondsSince1970 <= staleAfter && $0.latest.at <= now }
        let newest = vantages.map(\.latest.at).max()
        let freshest = (fresh.isEmpty ? vantages : fresh).max { $0.latest.at < $1.latest.at }
        let componentIDs = Set(vantages.flatMap { $0.latest.components.map(\.component) })
        var components: [String: MeasuredComponent] = [:]
        for id in componentIDs.sorted() {
            let current = fresh.compactMap { $0.latest.component(id) }
            let state = quorumState(current.map(\.state), need: needed(quorum: quorum, reporting: current.count))
            let reason = current.filter { state != nil && $0.state == state }.compactMap(\.reason).first
            let timelines = vantages.map { $0.transitions.filter { $0.component == id } }.filter { !$0.isEmpty }
            let first = timelines.compactMap { $0.first?.at }.min() ?? now
            components[id] = MeasuredComponent(
                state: state, reason: reason,
                timeline: mergedTimeline(timelines, quorum: quorum, now: now),
                firstMeasuredAt: first,
                daily: dailyRollups(vantages, component: id),
                recent: vantages.flatMap { $0.samples.filter { $0.component == id && now.secondsSince1970 - $0.at.secondsSince1970 <= 86_400 } }
                    .sorted { $0.at < $1.at },
                targets: freshest?.latest.component(id)?.targets ?? [])
        }
        let announcements = (freshest?.latest.announcements ?? []).filter { $0.at > now }
        return MeasuredEnvironment(
            lastProbedAt: newest, freshVantages: fresh.map(\.name).sorted(), vantages: vantages.map(\.name).sorted(),
            isStale: fresh.isEmpty, components: components, announcements: announcements)
    }

    /// Each vantage's transitions as a step function, combined by quorum at every boundary.
    static func mergedTimeline(_ timelines: [[Transition]], quorum: Int?, now: Timestamp) -> DeclaredTimeline {
        let boundaries = Set(timelines.flatMap { $0.map(\.at) }).filter { $0 <= now }.sorted()
        var intervals: [DeclaredTimeline.Interval] = []
        for (index, start) in boundaries.enumerated() {
            let states = timelines.compactMap { transitions in transitions.last { $0.at <= start }?.state }
            guard let state = quorumState(states, need: needed(quorum: quorum, reporting: states.count)) else { continue }
            let end = index + 1 < boundaries.count ? boundaries[index + 1] : nil
            if let last = intervals.last, last.state == state, last.end == start {
                intervals[intervals.count - 1].end = end
            } else {
                intervals.append(.init(start: start, end: end, state: state))
            }
        }
        return DeclaredTimeline(intervals: intervals)
    }

    /// Rolled-up days (the vantage with most runs wins a day) plus days still held as samples.
    static func dailyRollups(_ vantages: [VantageRecords], component: String) -> [DailyRollup] {
        var byDay: [String: DailyRollup] = [:]
        for vantage in vantages {
            var days = vantage.daily.filter { $0.component == component }
            let sampleDays = Dictionary(grouping: vantage.samples.filter { $0.component == component }, by: { $0.at.utcDay })
            for (day, samples) in sampleDays {
                let text = samples.map { "\(HistoryRecorder.clock($0.at))\t\(component)=\($0.milliseconds.map(String.init) ?? "-")" }.joined(separator: "\n")
                days += HistoryRecorder.rollUp(day: day, text: text)
            }
            for rollup in days where (byDay[rollup.day]?.runs ?? -1) < rollup.runs { byDay[rollup.day] = rollup }
        }
        return byDay.values.sorted { $0.day < $1.day }
    }
}
