internal import Model

/// Merges the vantages' transitions of one component into one measured timeline, by quorum.
///
/// Each vantage's transitions are a step function: its state holds from one transition to the
/// next. A vantage counts from its first transition until `staleAfter` past its last run, so a
/// prober that stopped does not keep voting with its last state forever. At every boundary the
/// states of the vantages counting then are combined with `MeasuredStatus.quorumState`; where no
/// vantage counts, the timeline has a gap (nothing was measured).
///
/// One sweep over the sorted boundaries with a cursor per vantage: linear in the transitions, so
/// years of a flapping component (tens of thousands of lines) merge in milliseconds.
enum QuorumTimeline {
    struct Vantage {
        var transitions: [Transition]
        /// When this vantage stopped counting, or `nil` while it still reports.
        var silentFrom: Timestamp?
    }

    static func merge(_ vantages: [Vantage], quorum: Int?, now: Timestamp) -> Timeline {
        // Appended in run order, but a merge of two branches may interleave lines: sort (stable).
        let sorted = vantages.map { vantage in
            Vantage(transitions: vantage.transitions.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
                .map(\.element).filter { $0.at <= now }, silentFrom: vantage.silentFrom)
        }
        // Every instant at which some vantage's state may change, once each, in order.
        var instants: [Int64] = []
        instants.reserveCapacity(sorted.reduce(0) { $0 + $1.transitions.count + 1 })
        for vantage in sorted {
            for transition in vantage.transitions { instants.append(transition.at.secondsSince1970) }
            if let silent = vantage.silentFrom { instants.append(silent.secondsSince1970) }
        }
        instants.sort()
        var boundaries: [Timestamp] = []
        boundaries.reserveCapacity(instants.count)
        for instant in instants where boundaries.last?.secondsSince1970 != instant {
            boundaries.append(Timestamp(secondsSince1970: instant))
        }
        var cursors = [Int](repeating: -1, count: sorted.count)
        var intervals: [Timeline.Period] = []
        var states: [ComponentState] = []
        for (index, start) in boundaries.enumerated() {
            states.removeAll(keepingCapacity: true)
            for (position, vantage) in sorted.enumerated() {
                while cursors[position] + 1 < vantage.transitions.count, vantage.transitions[cursors[position] + 1].at <= start {
                    cursors[position] += 1
                }
                // A vantage votes from its first transition until it went silent, and not while it
                // could not judge the component (a `nil` state).
                guard cursors[position] >= 0, vantage.silentFrom.map({ start < $0 }) ?? true,
                      let state = vantage.transitions[cursors[position]].state else { continue }
                states.append(state)
            }
            let need = MeasuredStatus.needed(quorum: quorum, reporting: states.count)
            guard let state = MeasuredStatus.quorumState(states, need: need) else { continue }
            let end = index + 1 < boundaries.count ? boundaries[index + 1] : nil
            if let last = intervals.last, last.state == state, last.end == start {
                intervals[intervals.count - 1].end = end
            } else {
                intervals.append(.init(start: start, end: end, state: state))
            }
        }
        return Timeline(intervals: intervals)
    }
}
