internal import Model
internal import Status

/// Latency charts as inline SVG, drawn at build time: the median (p50) and 95th percentile (p95)
/// per day, and the last 24 hours in 15-minute steps.
///
/// The SVG holds only lines, so it scales to any width without distorting text; the scale, the
/// dates and the legend are HTML around it, readable at 360 px. The two series differ by dash as
/// well as colour (solid median, dashed p95), failed runs are ticks along the top, and the `<title>`
/// plus a visually hidden sentence say in words what the lines show. Strokes are set on the
/// elements so the chart draws without the stylesheet, which recolours them for dark mode.
enum LatencyChart {
    static let width = 600
    static let height = 150

    /// One line: a value per slot, `nil` where nothing was measured (the line breaks there).
    struct Series {
        var name: String
        var cssClass: String
        var values: [Int?]
    }

    /// Per day over `days` (`YYYY-MM-DD`, oldest first). `nil` when no day has a latency.
    static func daily(_ rollups: [DailyRollup], days: [String], label: String) -> String? {
        let byDay = Dictionary(rollups.map { ($0.day, $0) }) { first, _ in first }
        let p50 = days.map { byDay[$0]?.p50 }
        let p95 = days.map { byDay[$0]?.p95 }
        let failures = days.map { (byDay[$0]?.failures ?? 0) > 0 }
        guard p50.contains(where: { $0 != nil }), let first = days.first, let last = days.last else { return nil }
        let medians = p50.compactMap { $0 }
        let peak = days.indices.compactMap { index in p95[index].map { (day: days[index], value: $0) } }.max { $0.value < $1.value }
        var summary = "Median latency per day over the last \(days.count) days: from \(milliseconds(medians.min() ?? 0)) to \(milliseconds(medians.max() ?? 0))"
        if let latest = p50.last(where: { $0 != nil }) ?? nil { summary += ", \(milliseconds(latest)) on the last day measured" }
        summary += "."
        if let peak { summary += " The 95th percentile peaked at \(milliseconds(peak.value)) on \(peak.day)." }
        let failedDays = failures.filter { $0 }.count
        if failedDays > 0 { summary += " Runs failed on \(failedDays) of the days." }
        let missing = p50.filter { $0 == nil }.count
        if missing > 0 { summary += " \(missing) days have no measurement." }
        return figure(series: [Series(name: "95th percentile (p95)", cssClass: "p95", values: p95),
                               Series(name: "median (p50)", cssClass: "p50", values: p50)],
                      failures: failures, from: first, to: last, label: label, summary: summary)
    }

    /// The last 24 hours before `now` in 96 steps of 15 minutes: the median of the runs in each
    /// step (across vantages). `nil` when no run answered.
    static func recent(_ samples: [LatencySample], now: Timestamp, label: String) -> String? {
        let steps = 96
        let step: Int64 = 900
        let start = now.secondsSince1970 - Int64(steps) * step
        var buckets = [[Int]](repeating: [], count: steps)
        var failures = [Bool](repeating: false, count: steps)
        var runs = 0
        var failed = 0
        var slowest: LatencySample?
        for sample in samples {
            let offset = sample.at.secondsSince1970 - start
            guard offset >= 0, sample.at <= now else { continue }
            let index = min(steps - 1, Int(offset / step))
            runs += 1
            if let value = sample.milliseconds {
                buckets[index].append(value)
                if (slowest?.milliseconds ?? -1) < value { slowest = sample }
            } else {
                failed += 1
                failures[index] = true
            }
        }
        let medians = buckets.map { values -> Int? in values.isEmpty ? nil : values.sorted()[values.count / 2] }
        guard let slowest, let slowestValue = slowest.milliseconds else { return nil }
        let answered = buckets.flatMap { $0 }.sorted()
        var summary = "Over the last 24 hours, \(runs) runs: median \(milliseconds(answered[answered.count / 2])), "
            + "slowest \(milliseconds(slowestValue)) at \(Presentation.text(slowest.at))"
        summary += failed > 0 ? "; \(failed) runs failed." : "; none failed."
        return figure(series: [Series(name: "median per 15 minutes", cssClass: "p50", values: medians)],
                      failures: failures, from: Presentation.text(Timestamp(secondsSince1970: start)), to: Presentation.text(now),
                      label: label, summary: summary)
    }

    // MARK: Drawing

    static func figure(series: [Series], failures: [Bool], from: String, to: String, label: String, summary: String) -> String {
        let slots = series.first?.values.count ?? 0
        let top = scaleTop(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0)
        let slotWidth = Double(width) / Double(max(slots, 1))
        func x(_ index: Int) -> String { number((Double(index) + 0.5) * slotWidth) }
        func y(_ value: Int) -> String { number(Double(height) - Double(value) / Double(top) * Double(height - 10)) }

        var body = "<title>\(XMLEscaping.text(label))</title>"
        // Grid: the scale's top, half and zero.
        for value in [top, top / 2, 0] {
            body += "<path class=\"grid\" d=\"M0 \(y(value))H\(width)\" stroke=\"#d1d9e0\" stroke-width=\"1\"/>"
        }
        for line in series {
            var path = ""
            var previous = false
            for (index, value) in line.values.enumerated() {
                guard let value else { previous = false; continue }
                path += (previous ? "L" : "M") + "\(x(index)) \(y(value))"
                // A slot with no neighbour still shows, as a short flat stroke.
                if !previous, index + 1 >= line.values.count || line.values[index + 1] == nil {
                    path += "h0.1"
                }
                previous = true
            }
            let dash = line.cssClass == "p95" ? " stroke-dasharray=\"6 4\"" : ""
            let colour = line.cssClass == "p95" ? "#8a5a00" : "#0550ae"
            body += "<path class=\"\(line.cssClass)\" d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\""
                + " stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash)/>"
        }
        let ticks = failures.enumerated().filter(\.element).map { "M\(x($0.offset)) 0v8" }.joined()
        if !ticks.isEmpty {
            body += "<path class=\"fail\" d=\"\(ticks)\" stroke=\"#c62828\" stroke-width=\"3\"/>"
        }
        let legend = series.reversed().map { line in
            "<span class=\"key key-\(line.cssClass)\">\(line.name)</span>"
        }.joined(separator: " ") + (ticks.isEmpty ? "" : " <span class=\"key key-fail\">failed runs</span>")
        return "<figure class=\"chart\"><div class=\"chart-frame\"><div class=\"chart-scale\" aria-hidden=\"true\">"
            + "<span>\(milliseconds(top))</span><span>\(milliseconds(top / 2))</span><span>0</span></div>"
            + "<svg viewBox=\"0 0 \(width) \(height)\" role=\"img\" focusable=\"false\">\(body)</svg></div>"
            + "<p class=\"visually-hidden\">\(XMLEscaping.text(label)): \(XMLEscaping.text(summary))</p>"
            + "<figcaption><span class=\"chart-range\"><span>\(XMLEscaping.text(from))</span><span>\(XMLEscaping.text(to))</span></span>"
            + "<span class=\"chart-legend\">\(legend)</span></figcaption></figure>"
    }

    /// The smallest 1, 2 or 5 × 10ⁿ ms at or above `value` (at least 10 ms), so the scale reads evenly.
    static func scaleTop(_ value: Int) -> Int {
        var magnitude = 10
        while true {
            for factor in [1, 2, 5] where factor * magnitude >= value { return factor * magnitude }
            magnitude *= 10
        }
    }

    /// `340 ms`, `1.2 s`, `2 s`.
    static func milliseconds(_ value: Int) -> String {
        if value < 1000 { return "\(value) ms" }
        let tenths = (value + 50) / 100
        return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
    }

    /// One decimal at most, the same on every machine.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
