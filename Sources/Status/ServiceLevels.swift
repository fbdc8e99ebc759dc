public import Model

/// Uptime against a component's `sla:` target, month by month: from what the probes measured
/// where they measured, from what incidents and maintenance declare elsewhere, with the minutes of
/// downtime behind each figure. The SLA page, its CSV and JSON downloads and the Statuspage-style
/// `uptime.json` all read these, so they never disagree.
public enum ServiceLevels {
    /// Seconds of each kind of downtime in a window, and how much of the window was known.
    public struct Tally: Sendable, Equatable {
        public var majorOutageSeconds: Int64 = 0
        public var partialOutageSeconds: Int64 = 0
        /// The seconds the figures speak for: the whole window for declared states, the measured
        /// stretches for probes (before the first run, and while no vantage reported, nothing is known).
        public var knownSeconds: Int64 = 0

        /// Downtime with Statuspage's weights (`Timeline.downtimeWeight`).
        public var weightedDowntimeSeconds: Double {
            Double(majorOutageSeconds) * Timeline.downtimeWeight(.majorOutage)
                + Double(partialOutageSeconds) * Timeline.downtimeWeight(.partialOutage)
        }

        /// `nil` when nothing of the window is known.
        public var uptime: Double? {
            knownSeconds > 0 ? max(0, 1 - weightedDowntimeSeconds / Double(knownSeconds)) : nil
        }
    }

    /// One component's figures for one window.
    public struct Level: Sendable {
        public var start: Timestamp
        public var end: Timestamp
        /// Measured where the probes covered part of the window, else declared.
        public var source: StatusSnapshot.StateSource
        /// The figures `source` names; `declared` stands beside them when measured.
        public var tally: Tally
        public var declared: Tally
        public var target: Double?

        public var uptime: Double { tally.uptime ?? 1 }
        /// Weighted downtime the target allows over the known part of the window.
        public var allowedDowntimeSeconds: Double? {
            target.map { (1 - $0) * Double(tally.knownSeconds) }
        }
        public var missed: Bool { target.map { uptime < $0 } ?? false }
    }

    /// The last twelve calendar months (UTC), oldest first, the current one counted up to `now`:
    /// `(label "YYYY-MM", start, end)`.
    public static func months(endingAt now: Timestamp) -> [(month: String, start: Timestamp, end: Timestamp)] {
        let civil = CivilTime(secondsSince1970: now.secondsSince1970)
        return (0..<12).reversed().map { back in
            var (year, month) = (civil.year, civil.month - back)
            while month < 1 { month += 12; year -= 1 }
            let (nextYear, nextMonth) = month == 12 ? (year + 1, 1) : (year, month + 1)
            let start = Timestamp(secondsSince1970: Int64(CivilTime.daysSince1970(year: year, month: month, day: 1)) * 86_400)
            let end = Timestamp(secondsSince1970: Int64(CivilTime.daysSince1970(year: nextYear, month: nextMonth, day: 1)) * 86_400)
            return (String(start.utcDay.prefix(7)), start, min(end, now))
        }
    }

    public static func level(_ component: StatusSnapshot.ComponentStatus, from start: Timestamp, to end: Timestamp) -> Level {
        let declared = tally(component.timeline, from: start, to: end, wholeWindowKnown: true)
        let measured = component.measured.map { tally($0.timeline, from: start, to: end, wholeWindowKnown: false) }
        let useMeasured = (measured?.knownSeconds ?? 0) > 0
        return Level(start: start, end: end, source: useMeasured ? .measured : .declared,
                     tally: useMeasured ? measured! : declared, declared: declared, target: component.component.sla)
    }

    /// Sweeps the timeline's boundaries inside `[from, to)`; where intervals overlap the worst state
    /// counts. Time no interval covers is operational when `wholeWindowKnown` (nothing declared),
    /// and unknown otherwise (nothing measured).
    public static func tally(_ timeline: Timeline, from: Timestamp, to: Timestamp, wholeWindowKnown: Bool) -> Tally {
        let (low, high) = (from.secondsSince1970, to.secondsSince1970)
        var result = Tally()
        guard high > low else { return result }
        let relevant = timeline.intervals.filter { $0.start.secondsSince1970 < high && ($0.end.map { $0.secondsSince1970 > low } ?? true) }
        var points = [low, high]
        for interval in relevant {
            points.append(max(interval.start.secondsSince1970, low))
            points.append(min(interval.end?.secondsSince1970 ?? high, high))
        }
        points = Array(Set(points)).sorted()
        for (start, end) in zip(points, points.dropFirst()) {
            var worst: ComponentState?
            for interval in relevant where interval.start.secondsSince1970 <= start && (interval.end?.secondsSince1970 ?? Int64.max) >= end {
                worst = max(worst ?? interval.state, interval.state)
            }
            guard worst != nil || wholeWindowKnown else { continue }
            let seconds = end - start
            result.knownSeconds += seconds
            switch worst {
            case .majorOutage: result.majorOutageSeconds += seconds
            case .partialOutage: result.partialOutageSeconds += seconds
            default: break
            }
        }
        return result
    }
}
