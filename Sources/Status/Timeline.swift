public import Model

/// One component's state on one network over time: what incidents and maintenance declare, or
/// what the probes measured (`QuorumTimeline`), both read the same way.
///
/// Uptime follows Statuspage's convention so numbers match what readers know from other pages:
/// a major outage counts fully as downtime, a partial outage as 30 %, degraded performance and
/// maintenance not at all.
public struct Timeline: Sendable {
    /// A stretch of time with one declared state.
    public struct Period: Sendable, Equatable {
        public var start: Timestamp
        /// `nil` while still ongoing.
        public var end: Timestamp?
        public var state: ComponentState
    }

    /// Sorted by start; may overlap (two incidents at once): the worst state wins where they do.
    public private(set) var intervals: [Period]

    public init(intervals: [Period]) {
        self.intervals = intervals.sorted { $0.start < $1.start }
    }

    /// Weight of a state as downtime.
    public static func downtimeWeight(_ state: ComponentState) -> Double {
        switch state {
        case .majorOutage: 1
        case .partialOutage: 0.3
        default: 0
        }
    }

    /// The worst state declared at `time`.
    public func state(at time: Timestamp) -> ComponentState {
        var worst = ComponentState.operational
        for interval in intervals where interval.start <= time && (interval.end.map { time < $0 } ?? true) {
            worst = max(worst, interval.state)
        }
        return worst
    }

    /// The worst state declared at `time`, or `nil` when nothing is declared then: no incident
    /// open and no maintenance window running (an open incident may still declare `operational`).
    public func declaredState(at time: Timestamp) -> ComponentState? {
        var worst: ComponentState?
        for interval in intervals where interval.start <= time && (interval.end.map { time < $0 } ?? true) {
            worst = max(worst ?? interval.state, interval.state)
        }
        return worst
    }

    /// The worst state declared at any moment in `[from, to)`.
    public func worstState(from: Timestamp, to: Timestamp) -> ComponentState {
        var worst = ComponentState.operational
        for interval in intervals where interval.start < to && (interval.end.map { $0 > from } ?? true) {
            worst = max(worst, interval.state)
        }
        return worst
    }

    /// Availability in `[from, to)` as a fraction, 1 when nothing was declared. Overlapping
    /// intervals count once, with the heaviest weight, by sweeping over their boundaries.
    public func uptime(from: Timestamp, to: Timestamp) -> Double {
        let total = Double(to.secondsSince1970 - from.secondsSince1970)
        guard total > 0 else { return 1 }
        let relevant = intervals.filter { Self.downtimeWeight($0.state) > 0 && $0.start < to && ($0.end.map { $0 > from } ?? true) }
        guard !relevant.isEmpty else { return 1 }
        var boundaries = Set([from.secondsSince1970, to.secondsSince1970])
        for interval in relevant {
            boundaries.insert(max(interval.start.secondsSince1970, from.secondsSince1970))
            boundaries.insert(min(interval.end?.secondsSince1970 ?? to.secondsSince1970, to.secondsSince1970))
        }
        let points = boundaries.sorted()
        var downtime = 0.0
        for (start, end) in zip(points, points.dropFirst()) {
            let weight = relevant.filter {
                $0.start.secondsSince1970 <= start && ($0.end?.secondsSince1970 ?? Int64.max) >= end
            }.map { Self.downtimeWeight($0.state) }.max() ?? 0
            downtime += weight * Double(end - start)
        }
        return max(0, 1 - downtime / total)
    }
}
