@testable import Model
@testable import Status
@testable import Site
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
        #expect(svg.contains(#"<path d="M0 10h9"><title>1–2 Nov: operational</title></path>"#))
        #expect(svg.contains(#"<g class="d-degraded-performance"><path d="M10 10h4"><title>3 Nov: degraded performance</title></path></g>"#))
        #expect(svg.contains(#"<path d="M15 10h4"><title>4 Nov: operational</title></path>"#))
        #expect(svg.contains(#"viewBox="0 0 19 20""#))
        #expect(svg.contains("1 of the last 4 days had declared problems or maintenance; the worst was degraded performance."))
    }

    /// Every mark of a state sits in that state's one group, whatever their order in time.
    @Test func marksOfOneStateShareOneGroup() {
        let svg = UptimeBar.svg(days: Self.days([.majorOutage, .operational, .majorOutage, .underMaintenance, .majorOutage]), label: "Scan API")
        #expect(svg.components(separatedBy: "<g ").count - 1 == 2)
        #expect(svg.contains(#"<g class="d-major-outage"><path d="M0 10h4"><title>1 Nov: major outage</title></path>"#
            + #"<path d="M10 10h4"><title>3 Nov: major outage</title></path><path d="M20 10h4"><title>5 Nov: major outage</title></path></g>"#))
        #expect(svg.contains(#"<g class="d-under-maintenance"><path d="M15 10h4"><title>4 Nov: under maintenance</title></path></g>"#))
        #expect(!svg.contains("class=\"d-operational\""), "operational marks take the bar's own colour")
    }

    @Test func daysReadAsReadersSayThem() {
        #expect(UptimeBar.readableDays("2026-08-27", "2026-08-27") == "27 Aug")
        #expect(UptimeBar.readableDays("2026-08-28", "2026-08-30") == "28–30 Aug")
        #expect(UptimeBar.readableDays("2026-08-31", "2026-09-02") == "31 Aug–2 Sep")
        #expect(UptimeBar.readableDays("2025-12-30", "2026-01-02") == "30 Dec–2 Jan")
        #expect(UptimeBar.readableDays("day one", "day two") == "day one to day two")
    }

    @Test func aQuietComponentIsOneElementAndTheLabelIsEscaped() {
        let svg = UptimeBar.svg(days: Self.days(Array(repeating: .operational, count: 30)), label: "A & <B>")
        #expect(svg.components(separatedBy: "<path").count - 1 == 1)
        #expect(svg.contains("aria-label=\"A &amp; &lt;B&gt;\""))
        #expect(svg.contains("No incidents or maintenance declared in the last 30 days."))
    }
}
