@testable import CantonStatus
import Foundation
import Testing

/// The 90-day bar: runs of equal days drawn as one dashed stroke, every day still covered by a title.
@Suite struct UptimeBarTests {
    static func days(_ states: [ComponentState]) -> [StatusSnapshot.DayMark] {
        states.enumerated().map { index, state in
            StatusSnapshot.DayMark(day: "2026-11-\(String(format: "%02d", index + 1))", state: state)
        }
    }

    @Test func equalNeighboursShareOneMark() {
        let runs = UptimeBar.runs(Self.days([.operational, .operational, .majorOutage, .majorOutage, .operational]))
        #expect(runs.map(\.first) == [0, 2, 4])
        #expect(runs.map(\.last) == [1, 3, 4])
        #expect(runs.map(\.state) == [.operational, .majorOutage, .operational])
    }

    @Test func marksLineUpWithTheirDays() {
        let svg = UptimeBar.svg(days: Self.days([.operational, .operational, .degradedPerformance, .operational]), label: "Scan API")
        // Day 3 starts at 2 × (4 + 1) and is one 4-unit dash long; days 1–2 are 4 + 1 + 4 long.
        #expect(svg.contains(#"<path d="M0 10h9"><title>2026-11-01 to 2026-11-02: operational</title></path>"#))
        #expect(svg.contains(#"<path d="M10 10h4" class="d-degraded-performance"><title>2026-11-03: degraded performance</title></path>"#))
        #expect(svg.contains(#"<path d="M15 10h4"><title>2026-11-04: operational</title></path>"#))
        #expect(svg.contains(#"viewBox="0 0 19 20""#))
        #expect(svg.contains("1 of the last 4 days had declared problems or maintenance; the worst was degraded performance."))
    }

    @Test func aQuietComponentIsOneElementAndTheLabelIsEscaped() {
        let svg = UptimeBar.svg(days: Self.days(Array(repeating: .operational, count: 30)), label: "A & <B>")
        #expect(svg.components(separatedBy: "<path").count - 1 == 1)
        #expect(svg.contains("aria-label=\"A &amp; &lt;B&gt;\""))
        #expect(svg.contains("No incidents or maintenance declared in the last 30 days."))
    }
}
