internal import Foundation
public import Model
public import Status

/// Holds a flapping component at its worse state: more than `changes` state changes within an
/// hour, and the component is shown at the worst of the states it went through until `stableRuns`
/// runs in a row measure the same state. Said as "unstable" in its reason, so the page, the API and
/// `latest.json` show it through the fields they already have.
///
/// Without it, a component that is down every other run would open no incident (its failed runs
/// are never consecutive) and fill the transitions with a line per run.
public enum FlapGuard {
    public static let window: Int64 = 3_600

    /// What is shown after this run: the state, its reason, and what to remember.
    public struct Outcome: Sendable, Equatable {
        public var state: ComponentState
        public var reason: String?
        public var tracking: ComponentTracking
    }

    /// `measured` is this run's state (anomalies included); `previous` the component's entry in the
    /// last `latest.json`; `tracking` what this run already remembers (anomaly streaks).
    public static func hold(
        _ measured: ComponentState, reason: String?, previous: LatestComponent?, tracking: ComponentTracking,
        setting: Check.Flapping, at now: Timestamp
    ) -> Outcome {
        var tracking = tracking
        let before = previous?.tracking
        let previousMeasured = before?.measured ?? previous?.state
        let changed = previousMeasured.map { $0 != measured } ?? false
        var changes = (before?.changes ?? []).filter { now.secondsSince1970 - $0.secondsSince1970 < window && $0 < now }
        if changed { changes.append(now) }
        // An hour of runs every minute is 60 changes at most; more would only be a hand edit.
        changes = Array(changes.suffix(setting.changes + 1))
        let stable = changed ? 1 : (before?.stableRuns ?? 0) + 1
        var held = before?.held.map { max($0, measured) }
        if changed, changes.count > setting.changes {
            held = max(held ?? measured, previous?.state ?? measured, measured)
        } else if held != nil, stable >= setting.stableRuns {
            held = nil
        }
        tracking.changes = changes.isEmpty ? nil : changes
        tracking.held = held
        tracking.measured = held == nil ? nil : measured
        tracking.stableRuns = held == nil ? nil : stable
        guard let held else {
            return Outcome(state: measured, reason: reason, tracking: tracking)
        }
        let words = { (state: ComponentState) in state.rawValue.replacingOccurrences(of: "-", with: " ") }
        let run = "this run: \(words(measured))" + (reason.map { ", \($0)" } ?? "")
        let said = "unstable: \(changes.count) state changes in the last hour; shown as \(words(held)) until "
            + "\(setting.stableRuns) runs in a row agree (\(run))"
        return Outcome(state: held, reason: said, tracking: tracking)
    }
}
