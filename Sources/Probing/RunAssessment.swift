public import Model
public import Status

/// The step between a run's measurements and its history: judges each component's latency (and
/// a rounds component's cadence) against its own baseline, then holds a flapping component at
/// its worse state. What it decides goes through the paths every other state takes: the
/// transitions, `latest.json` and its counters, and so the automated incidents and their vantage
/// quorum.
public struct RunAssessment: Sendable {
    public var configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// `previous` is the vantage's last `latest.json`; `baselines` what its history says is normal.
    public func assess(_ run: ProbeRun, previous: LatestRun?, baselines: Baselines) -> ProbeRun {
        var run = run
        for index in run.components.indices {
            let result = run.components[index]
            guard let component = configuration.component(result.component) else { continue }
            run.components[index] = assess(result, component: component, previous: previous?.component(result.component),
                                           baselines: baselines, at: run.at)
        }
        return run
    }

    func assess(
        _ result: ComponentResult, component: Component, previous: LatestComponent?, baselines: Baselines, at now: Timestamp
    ) -> ComponentResult {
        var result = result
        var tracking = previous?.tracking ?? ComponentTracking()
        let hasRounds = component.checks.contains { $0.kind == .rounds }
        var cadence: Int?
        if hasRounds, let round = result.details["round"].flatMap(Int.init), let opensAt = result.roundOpensAt {
            if let before = tracking.round, let beforeOpensAt = tracking.roundOpensAt, round > before, opensAt > beforeOpensAt {
                cadence = Int((opensAt.secondsSince1970 - beforeOpensAt.secondsSince1970) * 1_000) / (round - before)
            }
            tracking.round = round
            tracking.roundOpensAt = opensAt
        }
        result.cadenceMilliseconds = cadence
        // A run that could not judge the component changes nothing it remembers.
        guard var state = result.state else {
            result.tracking = tracking.orNil
            return result
        }

        var anomalies: [String] = []
        let settings = component.checks.compactMap(\.anomaly)
        if let setting = settings.min(by: { ($0.factor, $0.runs) < ($1.factor, $1.runs) }) {
            let strictest = Check.Anomaly(factor: setting.factor, runs: settings.map(\.runs).min() ?? setting.runs)
            var streaks = tracking.outOfBaseline ?? [:]
            let latency = HistoryRecorder.median(result.targets)
            let series: [(AnomalyDetection.Series, Int?, Bool)] =
                [(.latency, latency, true)] + (hasRounds ? [(.cadence, cadence ?? tracking.cadence, cadence != nil)] : [])
            for (kind, value, observed) in series {
                let previousStreak = streaks[kind.rawValue] ?? 0
                let baseline = baselines.baseline(for: kind.id(component: result.component), at: now)
                let verdict = if observed {
                    AnomalyDetection.judge(value, series: kind, baseline: baseline, streak: previousStreak, setting: strictest)
                } else if previousStreak > 0 {
                    // No new round since the last run: the last cadence still stands, and so does its streak.
                    AnomalyDetection.judge(value, series: kind, baseline: baseline, streak: previousStreak - 1, setting: strictest)
                } else {
                    AnomalyDetection.Verdict(streak: 0, reason: nil)
                }
                streaks[kind.rawValue] = verdict.streak == 0 ? nil : verdict.streak
                if let reason = verdict.reason { anomalies.append(reason) }
            }
            tracking.outOfBaseline = streaks.isEmpty ? nil : streaks
            tracking.cadence = (streaks["cadence"] ?? 0) > 0 ? cadence ?? tracking.cadence : nil
        } else {
            tracking.outOfBaseline = nil
            tracking.cadence = nil
        }
        var reason = result.reason
        if !anomalies.isEmpty {
            result.outOfBaseline = true
            state = max(state, .degradedPerformance)
            reason = ([reason].compactMap { $0 } + anomalies).joined(separator: "; ")
        }

        let flapping = component.checks.compactMap(\.flapping)
        if let changes = flapping.map(\.changes).min(), let stable = flapping.map(\.stableRuns).min() {
            let outcome = FlapGuard.hold(state, reason: reason, previous: previous, tracking: tracking,
                                         setting: Check.Flapping(changes: changes, stableRuns: stable), at: now)
            state = outcome.state
            reason = outcome.reason
            tracking = outcome.tracking
        } else {
            tracking.changes = nil
            tracking.held = nil
            tracking.measured = nil
            tracking.stableRuns = nil
        }
        result.state = state
        result.reason = reason
        result.tracking = tracking.orNil
        return result
    }
}
