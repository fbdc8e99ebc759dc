internal import Model

/// The one rule for what a component shows, applied here so that pages, feeds, the Statuspage API,
/// badges and metrics never disagree:
///
/// 1. an open incident or a running maintenance window that names the component sets its state
///    (people know things the probes cannot: a false alarm, a planned pause);
/// 2. else the probes' state by vantage quorum, while a vantage reported within
///    `MeasuredStatus.staleAfter`;
/// 3. else `operational`: nothing declared and nothing recent measured.
///
/// The 90-day bar follows the same rule over time: at each moment the declared state where
/// something was declared, the measured one elsewhere, and a day shows the worst moment.
extension StatusSnapshot {
    /// Where a component's shown state comes from.
    public enum StateSource: String, Sendable {
        case declared, measured
        /// Neither: shown as operational.
        case assumed
    }

    static func shownState(declared: ComponentState?, measured: ComponentState?) -> (state: ComponentState, source: StateSource) {
        if let declared { return (declared, .declared) }
        if let measured { return (measured, .measured) }
        return (.operational, .assumed)
    }

    /// One mark per UTC day from `firstDay` to `lastDay` (days since 1970), by the rule above.
    ///
    /// Linear in the intervals: each one is spread over the days it touches, and measured outages
    /// are cut where something was declared with one cursor over the declared spans, so a year of a
    /// flapping component costs no more than reading it.
    static func dayMarks(declared: Timeline, measured: Timeline?, firstDay: Int, lastDay: Int, now: Timestamp) -> [DayMark] {
        let count = lastDay - firstDay + 1
        guard count > 0 else { return [] }
        let rangeStart = Int64(firstDay) * 86_400
        var worst = [ComponentState](repeating: .operational, count: count)
        var measuredDays = [Bool](repeating: false, count: count)
        /// Days `[first, last]` touched by `[start, end)` as `worstState(from:to:)` counts them: a
        /// zero-length interval still marks the day it falls inside.
        func days(_ start: Int64, _ end: Int64) -> ClosedRange<Int>? {
            let first = max(0, Int((start - rangeStart).floorDivided(by: 86_400)))
            let last = min(count - 1, Int((end - 1 - rangeStart).floorDivided(by: 86_400)))
            return first <= last ? first...last : nil
        }
        func mark(_ start: Int64, _ end: Int64, _ state: ComponentState) {
            guard let range = days(start, end) else { return }
            for day in range where worst[day] < state { worst[day] = state }
        }

        var covered: [(start: Int64, end: Int64)] = []
        for interval in declared.intervals {
            let start = interval.start.secondsSince1970
            let end = interval.end?.secondsSince1970 ?? Int64.max / 2
            mark(start, end, interval.state)
            guard end > start else { continue }
            if let last = covered.last, start <= last.end {
                covered[covered.count - 1].end = max(last.end, end)
            } else {
                covered.append((start, end))
            }
        }

        if let measured {
            var cursor = 0
            let rangeEnd = Int64(lastDay + 1) * 86_400
            for interval in measured.intervals {
                let start = interval.start.secondsSince1970
                let end = min(interval.end ?? now, now).secondsSince1970
                guard end > start, end > rangeStart, start < rangeEnd else { continue }
                if let range = days(start, end) {
                    for day in range { measuredDays[day] = true }
                }
                guard interval.state != .operational else { continue }
                // Only the parts no declared span covers count.
                while cursor < covered.count, covered[cursor].end <= start { cursor += 1 }
                var from = start
                var index = cursor
                while index < covered.count, covered[index].start < end {
                    if covered[index].start > from { mark(from, covered[index].start, interval.state) }
                    from = max(from, covered[index].end)
                    index += 1
                }
                if from < end { mark(from, end, interval.state) }
            }
        }

        return (0..<count).map { index in
            DayMark(day: Timestamp(secondsSince1970: rangeStart + Int64(index) * 86_400).utcDay, state: worst[index],
                    measured: measuredDays[index])
        }
    }

    /// Upgrades the network announces (its DSO rules' schedules: hard migrations and logical
    /// synchronizer upgrades) that no posted window on it covers: shown beside the maintenance
    /// windows until someone posts one.
    static func unpostedAnnouncements(_ measured: MeasuredNetwork?, windows: [Maintenance]) -> [Announcement] {
        let posted = windows.filter { $0.updates.last?.status != .cancelled }
        return (measured?.announcements ?? []).filter { announcement in
            [Announcement.hardMigration, Announcement.logicalUpgrade].contains(announcement.kind)
                && !posted.contains { $0.start.value <= announcement.at && announcement.at <= $0.end.value }
        }.sorted { $0.at < $1.at }
    }
}
