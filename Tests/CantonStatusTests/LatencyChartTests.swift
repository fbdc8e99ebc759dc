@testable import Model
@testable import Status
@testable import Site
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The latency charts: well-formed markup, lines that break where nothing was measured, a scale
/// that reads evenly, and the words that stand in for the picture.
@Suite struct LatencyChartTests {
    static let days = (1...10).map { String(format: "2026-11-%02d", $0) }

    static func rollup(_ day: Int, p50: Int?, p95: Int?, failures: Int = 0) -> DailyRollup {
        DailyRollup(day: days[day - 1], component: "scan-api", runs: 288, failures: failures, p50: p50, p95: p95, max: p95)
    }

    @Test func theDailyChartIsWellFormedAndDescribed() throws {
        let html = try #require(LatencyChart.daily([
            Self.rollup(1, p50: 120, p95: 300), Self.rollup(2, p50: 140, p95: 380), Self.rollup(5, p50: 90, p95: 200, failures: 3),
            Self.rollup(6, p50: 100, p95: 210),
        ], days: Self.days, label: "Scan API & <friends>"))
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        #expect(html.contains("<title>Scan API &amp; &lt;friends&gt;</title>"))
        #expect(html.contains("<span>500 ms</span><span>250 ms</span><span>0</span>"), "380 ms rounds up to a 500 ms scale")
        // Days 1–2 and 5–6 are two pieces of one line: the gap on days 3–4 is not drawn over.
        let p50 = try #require(html.firstMatch(of: /class="p50" d="([^"]*)"/)?.output.1)
        #expect(p50.filter { $0 == "M" }.count == 2)
        #expect(html.contains("<path class=\"fail\" d=\"M270 0v8\""), "a tick on day 5, the middle of its slot")
        #expect(html.contains("Median latency per day over the last 10 days: from 90 ms to 140 ms, 100 ms on the last day measured."
            + " The 95th percentile peaked at 380 ms on 2026-11-02. Runs failed on 1 of the days. 6 days have no measurement."))
    }

    @Test func nothingMeasuredDrawsNoChart() {
        #expect(LatencyChart.daily([], days: Self.days, label: "x") == nil)
        #expect(LatencyChart.daily([Self.rollup(1, p50: nil, p95: nil, failures: 288)], days: Self.days, label: "x") == nil)
        #expect(LatencyChart.recent([], now: Timestamp(secondsSince1970: 0), label: "x") == nil)
    }

    @Test func theLastDayIsDrawnInQuarterHours() throws {
        let now = try Timestamp.parse("2026-11-24T12:00Z").get()
        var samples: [LatencySample] = []
        for step in 0..<96 where step != 40 {
            let at = now.adding(seconds: -Int64(96 - step) * 900 + 60)
            samples.append(LatencySample(at: at, component: "scan-api", milliseconds: step == 50 ? nil : 1_000 + step))
        }
        let html = try #require(LatencyChart.recent(samples, now: now, label: "Scan API"))
        #expect(XMLParser(data: Data(html.utf8)).parse())
        #expect(html.contains("<span>2 s</span><span>1 s</span><span>0</span>"))
        #expect(html.contains("Over the last 24 hours, 95 runs: median 1 s, slowest 1.1 s at 24 Nov 2026, 11:46 UTC; 1 runs failed."))
        let line = try #require(html.firstMatch(of: /class="p50" d="([^"]*)"/)?.output.1)
        #expect(line.filter { $0 == "M" }.count == 3, "broken at the missing step 40 and the failed step 50")
    }

    @Test(arguments: [(0, 10), (10, 10), (11, 20), (199, 200), (201, 500), (501, 1_000), (4_999, 5_000), (30_001, 50_000)])
    func scaleTops(value: Int, top: Int) {
        #expect(LatencyChart.scaleTop(value) == top)
    }

    @Test func numbersAndDurationsReadTheSameEverywhere() {
        #expect(LatencyChart.milliseconds(340) == "340 ms")
        #expect(LatencyChart.milliseconds(1_000) == "1 s")
        #expect(LatencyChart.milliseconds(2_460) == "2.5 s")
        #expect(LatencyChart.number(12.25) == "12.3" || LatencyChart.number(12.25) == "12.2")
        #expect(LatencyChart.number(600) == "600")
    }
}
