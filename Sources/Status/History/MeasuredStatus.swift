internal import Foundation
public import Model
public import Content

/// What the probes measured, merged across vantages, as the site shows it beside what incidents
/// declare.
///
/// Vantage quorum: the state shown is the worst state that enough vantages agree on — `vantages:`
/// in the environment, or else a majority of the vantages that reported recently. With two
/// vantages and no setting, both must see a problem before the page shows it, so one prober's own
/// network trouble does not turn the page red.
public struct MeasuredStatus: Sendable {
    public var environments: [String: MeasuredNetwork]

    public static let empty = MeasuredStatus(environments: [:])
    /// A vantage whose last run is older than this no longer counts, and the page warns.
    public static let staleAfter: Int64 = 20 * 60
    /// The largest history file read. Transitions and daily rollups are append-only and outgrow a
    /// content file's 1 MiB cap after a year or two of a busy network; a file above this is skipped.
    public static let maximumFileSize = 64 << 20

    public init(environments: [String: MeasuredNetwork]) {
        self.environments = environments
    }

    public func environment(_ id: String) -> MeasuredNetwork? { environments[id] }
}

public struct MeasuredNetwork: Sendable {
    /// The newest run of any vantage.
    public var lastProbedAt: Timestamp?
    /// Vantages that reported within `staleAfter` of `now`, and all that ever reported.
    public var freshVantages: [String]
    public var vantages: [String]
    /// `vantages:` of the network: how many must agree before a probed state is shown.
    public var vantageQuorum: Int? = nil
    public var isStale: Bool
    public var components: [String: MeasuredComponent]
    /// Upgrades the network announces that are still ahead.
    public var announcements: [Announcement]
    /// The freshest vantage's view of the network (SV count, threshold, serial).
    public var network: NetworkSummary?
    /// What the fresh vantages' last runs mean for the fault budget, per layer, by vantage quorum.
    public var faultBudgets: [FaultBudget] = []

    /// Fewer vantages report than `vantages:` asks to agree, so no probed state is shown at all
    /// (see `MeasuredStatus.quorumState`); the page says so rather than only "last probed".
    public var isBelowQuorum: Bool {
        guard let vantageQuorum, !isStale else { return false }
        return freshVantages.count < vantageQuorum
    }
}

public struct MeasuredComponent: Sendable {
    /// The current state by quorum; `nil` when no vantage reported it recently.
    public var state: ComponentState?
    public var reason: String?
    /// Why no state is shown although vantages reported: they could not judge the component
    /// ("not measured: no quorum of Scans on the SV set: …"). `nil` when a state is shown.
    public var notMeasured: String? = nil
    /// Measured intervals merged by quorum: sorted and disjoint. A gap is time when no vantage was
    /// reporting; the last interval is open (`end == nil`) while a vantage still reports.
    public var timeline: Timeline
    /// Uptime is only counted from the first measurement on.
    public var firstMeasuredAt: Timestamp
    /// Per UTC day, oldest first: rolled-up days and the days still kept as samples.
    public var daily: [DailyRollup]
    /// The last 24 hours of samples, oldest first.
    public var recent: [LatencySample]
    /// Every target of the freshest vantage's last run (the SV × check matrix).
    public var targets: [LatestTarget]
    /// The vantage behind `targets`, and when it ran.
    public var targetsVantage: String?
    public var targetsAt: Timestamp?
    /// What that vantage saw of the network as a whole: `round`, the newest open mining round.
    public var details: [String: String] = [:]
    /// Whether the state shown is held because the component keeps changing state (`FlapGuard`):
    /// a vantage that measured the shown state holds it. The reason then begins with "unstable:";
    /// the page can mark the component as unstable beside its state.
    public var unstable = false

    /// Measured availability over `[from, to)`, with the weights of declared uptime (a major outage
    /// counts fully, a partial outage 30 %). Only measured time counts: before the first
    /// measurement and while no vantage reported, nothing is known, so those stretches are left out
    /// instead of counting as up. `nil` when nothing was measured in the window.
    public func uptime(from: Timestamp, to: Timestamp) -> Double? {
        let intervals = timeline.intervals
        // Intervals are disjoint and sorted, so ends are sorted too: find the first that reaches `from`.
        var low = 0
        var high = intervals.count
        while low < high {
            let middle = (low + high) / 2
            if (intervals[middle].end ?? to) <= from { low = middle + 1 } else { high = middle }
        }
        var measured: Int64 = 0
        var down = 0.0
        for interval in intervals[low...] {
            guard interval.start < to else { break }
            let start = max(interval.start, from).secondsSince1970
            let end = min(interval.end ?? to, to).secondsSince1970
            guard end > start else { continue }
            measured += end - start
            down += Timeline.downtimeWeight(interval.state) * Double(end - start)
        }
        guard measured > 0 else { return nil }
        return max(0, 1 - down / Double(measured))
    }

    /// When the current measured state began: the start of the interval that covers `now`.
    public func stateSince(now: Timestamp) -> Timestamp? {
        guard let last = timeline.intervals.last(where: { $0.start <= now }), last.end.map({ $0 > now }) ?? true else { return nil }
        return last.start
    }
}

extension MeasuredStatus {
    /// Reads `history/` of a repository. Missing or unreadable files mean "not measured"; history
    /// never stops the page from building. Vantage folders are read in parallel, then networks
    /// merged in parallel: a year of a busy network is several megabytes of JSON lines, and this
    /// runs before any page can be rendered.
    public static func load(from fileSystem: some ContentFileSystem, configuration: Configuration, now: Timestamp) -> MeasuredStatus {
        var folders: [(environment: String, vantage: String)] = []
        for environment in configuration.environments {
            let root = "\(HistoryPaths.root)/\(environment.id.value)"
            for entry in (try? fileSystem.entries(in: root)) ?? [] where entry.kind == .directory && !entry.name.hasPrefix(".") {
                folders.append((environment.id.value, entry.name))
            }
        }
        let records = ParallelMap.map(folders, minimumCount: 2) { folder in
            VantageRecords.read(HistoryPaths.folder(environment: folder.environment, vantage: folder.vantage), name: folder.vantage,
                                fileSystem: fileSystem)
        }
        let measured = configuration.environments.compactMap { environment -> (id: String, quorum: Int?, vantages: [VantageRecords])? in
            let vantages = zip(folders, records).filter { $0.0.environment == environment.id.value }.compactMap(\.1)
            return vantages.isEmpty ? nil : (environment.id.value, environment.vantageQuorum, vantages)
        }
        let merged = ParallelMap.map(measured, minimumCount: 2) { merge($0.vantages, quorum: $0.quorum, now: now) }
        var result: [String: MeasuredNetwork] = [:]
        for (environment, status) in zip(measured, merged) { result[environment.id] = status }
        return MeasuredStatus(environments: result)
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
                guard case .bytes(let bytes)? = try? fileSystem.read(path, limit: MeasuredStatus.maximumFileSize) else { return nil }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard let latestText = text(HistoryPaths.latest(folder)),
                  let latest = try? JSONDecoder().decode(LatestRun.self, from: Data(latestText.utf8)) else { return nil }
            var samples: [LatencySample] = []
            for entry in (try? fileSystem.entries(in: "\(folder)/samples")) ?? [] where entry.name.hasSuffix(".tsv") {
                let day = String(entry.name.dropLast(4))
                samples += HistoryLines.samples(day: day, text: text("\(folder)/samples/\(entry.name)") ?? "")
            }
            return VantageRecords(
                name: HistoryText.clean(name, limit: HistoryText.nameLimit), latest: latest.cleaned(),
                transitions: HistoryLines.transitions(text(HistoryPaths.transitions(folder)) ?? ""),
                daily: HistoryLines.rollups(text(HistoryPaths.daily(folder)) ?? ""),
                samples: samples.sorted { $0.at < $1.at })
        }

        /// When this vantage stops counting in the merged timeline: `staleAfter` past its last run,
        /// or `nil` while it is fresh.
        func silentFrom(now: Timestamp) -> Timestamp? {
            let end = latest.at.adding(seconds: MeasuredStatus.staleAfter)
            return end <= now ? end : nil
        }
    }

    /// The state at least `need` of `states` agree is reached: the `need`-th worst.
    /// `nil` when fewer vantages report than are needed: a configured `vantages: 2` with one
    /// prober silent shows no measured state (the page falls back to what is declared), rather than
    /// letting the remaining prober decide alone.
    static func quorumState(_ states: [ComponentState], need: Int) -> ComponentState? {
        let need = max(need, 1)
        guard states.count >= need else { return nil }
        return states.sorted(by: >)[need - 1]
    }

    static func needed(quorum: Int?, reporting: Int) -> Int {
        quorum ?? (reporting / 2 + 1)
    }

    static func merge(_ vantages: [VantageRecords], quorum: Int?, now: Timestamp) -> MeasuredNetwork {
        let fresh = vantages.filter { now.secondsSince1970 - $0.latest.at.secondsSince1970 <= staleAfter && $0.latest.at <= now }
        let newest = vantages.map(\.latest.at).filter { $0 <= now }.max()
        let freshest = (fresh.isEmpty ? vantages : fresh).max { ($0.latest.at, $1.name) < ($1.latest.at, $0.name) }
        let transitionsByVantage = vantages.map { Dictionary(grouping: $0.transitions, by: \.component) }
        let samplesByVantage = vantages.map { Dictionary(grouping: $0.samples, by: \.component) }
        let dailyByVantage = vantages.map { Dictionary(grouping: $0.daily, by: \.component) }
        let componentIDs = Set(vantages.flatMap { $0.latest.components.map(\.component) })
        var components: [String: MeasuredComponent] = [:]
        for id in componentIDs.sorted() {
            let reported = fresh.compactMap { $0.latest.component(id) }
            let current = reported.filter { $0.state != nil }
            let state = quorumState(current.compactMap(\.state), need: needed(quorum: quorum, reporting: current.count))
            let reason = current.filter { state != nil && $0.state == state }.compactMap(\.reason).first
            // Vantages that reported but could not judge: the page says so, and why, instead of
            // showing nothing or an outage.
            let notMeasured = state == nil ? reported.first { $0.state == nil }?.reason : nil
            var timelines: [QuorumTimeline.Vantage] = []
            for (index, vantage) in vantages.enumerated() {
                let transitions = transitionsByVantage[index][id] ?? []
                if !transitions.isEmpty { timelines.append(.init(transitions: transitions, silentFrom: vantage.silentFrom(now: now))) }
            }
            var recent: [LatencySample] = []
            for samples in samplesByVantage {
                recent += (samples[id] ?? []).filter { now.secondsSince1970 - $0.at.secondsSince1970 <= 86_400 && $0.at <= now }
            }
            components[id] = MeasuredComponent(
                state: state, reason: reason, notMeasured: notMeasured,
                timeline: QuorumTimeline.merge(timelines, quorum: quorum, now: now),
                firstMeasuredAt: timelines.compactMap { $0.transitions.map(\.at).min() }.min() ?? now,
                daily: dailyRollups(dailyByVantage.map { $0[id] ?? [] }, samples: samplesByVantage.map { $0[id] ?? [] }, component: id),
                recent: recent.sorted { $0.at < $1.at },
                targets: freshest?.latest.component(id)?.targets ?? [],
                targetsVantage: freshest?.name, targetsAt: freshest?.latest.at,
                details: freshest?.latest.component(id)?.details ?? [:],
                unstable: state != nil && current.contains { $0.state == state && $0.tracking?.held != nil })
        }
        let announcements = (freshest?.latest.announcements ?? []).filter { $0.at > now }
        return MeasuredNetwork(
            lastProbedAt: newest, freshVantages: fresh.map(\.name).sorted(), vantages: vantages.map(\.name).sorted(),
            vantageQuorum: quorum, isStale: fresh.isEmpty, components: components, announcements: announcements,
            network: freshest?.latest.network, faultBudgets: faultBudgets(fresh, quorum: quorum))
    }

    /// Per layer, the budget enough fresh vantages agree is reached, by the same rule as states:
    /// the `need`-th smallest margin. One prober's own trouble cannot show "ordering halts" alone.
    static func faultBudgets(_ fresh: [VantageRecords], quorum: Int?) -> [FaultBudget] {
        let perVantage = fresh.compactMap { vantage in
            vantage.latest.network.map { FaultBudget.budgets(network: $0, targets: vantage.latest.components.flatMap(\.targets)) }
        }
        return FaultBudget.Layer.allCases.compactMap { layer in
            let budgets = perVantage.compactMap { $0.first { $0.layer == layer } }.sorted { $0.spare < $1.spare }
            let need = max(needed(quorum: quorum, reporting: budgets.count), 1)
            return budgets.count >= need ? budgets[need - 1] : nil
        }
    }

    /// Rolled-up days (the vantage with most runs wins a day) plus days still held as samples.
    static func dailyRollups(_ daily: [[DailyRollup]], samples: [[LatencySample]], component: String) -> [DailyRollup] {
        var byDay: [String: DailyRollup] = [:]
        for (rollups, samples) in zip(daily, samples) {
            var days = rollups
            let sampleDays = Dictionary(grouping: samples, by: { $0.at.utcDay })
            for day in sampleDays.keys.sorted() {
                days.append(HistoryLines.rollUp(day: day, component: component, samples: sampleDays[day] ?? []))
            }
            for rollup in days where (byDay[rollup.day]?.runs ?? -1) < rollup.runs { byDay[rollup.day] = rollup }
        }
        return byDay.values.sorted { $0.day < $1.day }
    }
}
