internal import Model
internal import Status

/// The 90-day bar: one mark per day, coloured by the worst state shown that day (declared where an
/// incident or window says so, measured elsewhere; see `StatusSnapshot.dayMarks`), as inline SVG
/// with a `<title>` per mark and a text summary for screen readers. Rendered at build time; no
/// script is needed to read it.
///
/// Consecutive days in the same state are drawn as one dashed stroke (a 4-unit dash per day, a
/// 1-unit gap), which looks exactly like separate marks but is one element whose `<title>` names
/// the range (`28–30 Aug: operational`). Stroke settings sit on the `<svg>` so the bar still draws
/// without the stylesheet, which only recolours it (dark mode, states). The marks of each other
/// state share one `<g class="d-…">`, so the class is written once per state, not once per mark;
/// their positions, not their order, place them. A quiet component is then a handful of elements
/// instead of ninety; on the benchmark's content, where a state changes every other day or so, a bar
/// averages 3.8 KB. The summary sentence
/// is written once, as hidden text after the SVG; the SVG's own label stays short.
enum UptimeBar {
    static let markWidth = 4
    static let gap = 1

    static func svg(days: [StatusSnapshot.DayMark], label: String) -> String {
        let step = markWidth + gap
        let total = days.count * step - gap
        var byState: [ComponentState: String] = [:]
        for run in runs(days) {
            let x = run.first * step
            let length = (run.last - run.first) * step + markWidth
            let word = run.state.phrase
            let when = readableDays(days[run.first].day, days[run.last].day)
            byState[run.state, default: ""] += "<path d=\"M\(x) 10h\(length)\"><title>\(when): \(word)</title></path>"
        }
        var marks = byState[.operational] ?? ""
        for state in ComponentState.allCases where state != .operational {
            if let group = byState[state] { marks += "<g class=\"d-\(state.rawValue)\">\(group)</g>" }
        }
        let troubled = days.filter { $0.state != .operational }
        let measured = days.filter(\.measured).count
        let summary: String
        if troubled.isEmpty {
            summary = measured == 0
                ? "No incidents or maintenance declared in the last \(days.count) days."
                : "No problems declared or measured in the last \(days.count) days; the probes measured \(measured) of them."
        } else {
            let worst = (troubled.map(\.state).max() ?? .operational).phrase
            summary = measured == 0
                ? "\(troubled.count) of the last \(days.count) days had declared problems or maintenance; the worst was \(worst)."
                : "\(troubled.count) of the last \(days.count) days had problems or maintenance, declared or measured; the worst was "
                    + "\(worst). The probes measured \(measured) of the days; the others show what was declared."
        }
        let escapedLabel = XMLEscaping.text(label)
        return "<svg class=\"bar\" viewBox=\"0 0 \(total) 20\" preserveAspectRatio=\"none\" fill=\"none\" stroke=\"#1a7f37\" stroke-width=\"20\" stroke-dasharray=\"\(markWidth) \(gap)\" role=\"img\" aria-label=\"\(escapedLabel)\">\(marks)</svg>"
            + "<p class=\"visually-hidden\">\(escapedLabel): \(summary)</p>"
    }

    /// `27 Aug`, `28–30 Aug`, `31 Aug–2 Sep` for days given as `YYYY-MM-DD`. The year is left out:
    /// ninety days never hold the same date twice. A day in another form is shown as it is.
    static func readableDays(_ first: String, _ last: String) -> String {
        guard let start = dayAndMonth(first), let end = dayAndMonth(last) else {
            return first == last ? first : "\(first) to \(last)"
        }
        if first == last { return "\(start.day) \(start.month)" }
        if start.month == end.month { return "\(start.day)–\(end.day) \(end.month)" }
        return "\(start.day) \(start.month)–\(end.day) \(end.month)"
    }

    private static func dayAndMonth(_ day: String) -> (day: Int, month: String)? {
        let parts = day.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), let dayOfMonth = Int(parts[2]), (1...12).contains(month) else { return nil }
        return (dayOfMonth, CivilTime.monthAbbreviation(month))
    }

    /// Maximal runs of consecutive days in the same state, as index ranges into `days`.
    static func runs(_ days: [StatusSnapshot.DayMark]) -> [(first: Int, last: Int, state: ComponentState)] {
        var runs: [(first: Int, last: Int, state: ComponentState)] = []
        for (index, day) in days.enumerated() {
            if let last = runs.last, last.state == day.state, last.last == index - 1 {
                runs[runs.count - 1].last = index
            } else {
                runs.append((index, index, day.state))
            }
        }
        return runs
    }
}
