internal import Foundation
public import Model
public import Status

/// Whether a run's value (a component's median latency, a rounds component's cadence) has left its
/// baseline, and for how many runs in a row. Pure: the caller passes the baseline and the previous
/// streak and keeps the new streak in `latest.json`.
///
/// A value counts as out of its baseline when it is more than `factor` times the baseline's p95;
/// only `runs` such runs in a row fire, so one spike never does, and a run back inside the
/// baseline starts the count again.
public enum AnomalyDetection {
    /// What is measured, and how its values are said.
    public enum Series: String, Sendable {
        case latency, cadence

        /// The series' name in history: the component's own for latency (the samples' values), a
        /// suffix that no kebab-case component id can have for cadence.
        public func id(component: String) -> String { self == .latency ? component : "\(component).\(rawValue)" }

        /// Latencies below this are the prober's own machine as much as the network, so a baseline
        /// is taken as at least this much: 12 ms against a usual 3 ms is not an anomaly.
        var floor: Int { self == .latency ? 50 : 1_000 }

        func spoken(_ milliseconds: Int) -> String {
            switch self {
            case .latency:
                milliseconds < 1_000 ? String(format: "%.2f s", Double(milliseconds) / 1_000)
                    : String(format: "%.1f s", Double(milliseconds) / 1_000)
            case .cadence:
                milliseconds < 120_000 ? "\(milliseconds / 1_000) s" : CheckEvaluation.minutes(Int64(milliseconds / 1_000))
            }
        }

        func measured(_ milliseconds: Int) -> String {
            self == .latency ? "median latency \(spoken(milliseconds))" : "a new round every \(spoken(milliseconds))"
        }
    }

    /// The streak after this run, and the reason when it fires.
    public struct Verdict: Sendable, Equatable {
        public var streak: Int
        /// "median latency 2.8 s, 4.1× the 7-day p95 of 0.68 s at 14:00 UTC (3 runs in a row)";
        /// `nil` while the streak is shorter than `runs`.
        public var reason: String?
    }

    /// `value` is this run's; `nil` means nothing to compare (no target answered), which ends a streak.
    public static func judge(
        _ value: Int?, series: Series, baseline: Baseline?, streak previous: Int, setting: Check.Anomaly
    ) -> Verdict {
        guard let value, let baseline else { return Verdict(streak: 0, reason: nil) }
        let reference = max(baseline.milliseconds, series.floor)
        guard Double(value) > setting.factor * Double(reference) else { return Verdict(streak: 0, reason: nil) }
        let streak = min(previous + 1, HistoryRecorder.maximumCount)
        guard streak >= setting.runs else { return Verdict(streak: streak, reason: nil) }
        let ratio = Double(value) / Double(max(baseline.milliseconds, 1))
        let reason = "\(series.measured(value)), \(String(format: "%.1f", ratio))× \(baseline.phrase(series.spoken))"
            + " (\(streak < HistoryRecorder.maximumCount ? "\(streak)" : "\(streak)+") runs in a row)"
        return Verdict(streak: streak, reason: reason)
    }
}
