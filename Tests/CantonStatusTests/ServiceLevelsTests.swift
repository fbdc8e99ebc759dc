@testable import Model
@testable import Status
@testable import Site
import Foundation
import Testing

/// Monthly uptime against `sla:` targets, on timelines small enough to work out on paper.
@Suite struct ServiceLevelsTests {
    static let base = try! Timestamp.parse("2026-11-24T00:00Z").get()

    static func at(_ hours: Double) -> Timestamp { base.adding(seconds: Int64(hours * 3600)) }

    static func period(_ from: Double, _ to: Double?, _ state: ComponentState) -> Timeline.Period {
        .init(start: at(from), end: to.map(at), state: state)
    }

    @Test func overlappingDeclaredStatesCountTheWorstOnce() {
        // A partial outage 1–3 h with a major outage 2–4 h over it, in a 10-hour window: the major
        // hours count once, fully; the partial hour at 30 %.
        let timeline = Timeline(intervals: [Self.period(1, 3, .partialOutage), Self.period(2, 4, .majorOutage),
                                            Self.period(5, 6, .degradedPerformance)])
        let tally = ServiceLevels.tally(timeline, from: Self.at(0), to: Self.at(10), wholeWindowKnown: true)
        #expect(tally == ServiceLevels.Tally(majorOutageSeconds: 7_200, partialOutageSeconds: 3_600, knownSeconds: 36_000))
        #expect(abs((tally.uptime ?? 0) - (1 - (7_200 + 0.3 * 3_600) / 36_000)) < 1e-12)
    }

    @Test func measuredTimeCountsOnlyWhereSomethingWasMeasured() {
        // Measured 0–2 h (down the second hour) and 6 h on, ongoing; the window is 0–8 h.
        let timeline = Timeline(intervals: [Self.period(0, 1, .operational), Self.period(1, 2, .majorOutage),
                                            Self.period(6, nil, .operational)])
        let tally = ServiceLevels.tally(timeline, from: Self.at(0), to: Self.at(8), wholeWindowKnown: false)
        #expect(tally.knownSeconds == 4 * 3_600)
        #expect(tally.majorOutageSeconds == 3_600)
        #expect(tally.uptime == 0.75)
        #expect(ServiceLevels.tally(timeline, from: Self.at(3), to: Self.at(5), wholeWindowKnown: false).uptime == nil,
                "nothing measured in the gap")
    }

    @Test func theTwelveMonthsEndAtNowAndCrossTheYear() throws {
        let now = try Timestamp.parse("2026-02-10T06:00Z").get()
        let months = ServiceLevels.months(endingAt: now)
        #expect(months.map(\.month) == ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09",
                                        "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"])
        #expect(months.first?.start == (try Timestamp.parse("2025-03-01T00:00Z").get()))
        #expect(months[10].end == (try Timestamp.parse("2026-02-01T00:00Z").get()), "a whole month ends at the next one")
        #expect(months.last?.end == now, "the current month counts up to now")
        // February 2028 has 29 days.
        let leap = ServiceLevels.months(endingAt: try Timestamp.parse("2028-03-15T00:00Z").get())
        let february = try #require(leap.first { $0.month == "2028-02" })
        #expect(february.end.secondsSince1970 - february.start.secondsSince1970 == 29 * 86_400)
    }

    @Test func csvFieldsAreQuotedAndNeverFormulas() {
        #expect(ServiceLevelTable.csvField("Scan API") == "Scan API")
        #expect(ServiceLevelTable.csvField("Scan, SV and Validator") == "\"Scan, SV and Validator\"")
        #expect(ServiceLevelTable.csvField("The \"fast\" path") == "\"The \"\"fast\"\" path\"")
        #expect(ServiceLevelTable.csvField("two\nlines") == "\"two\nlines\"")
        #expect(ServiceLevelTable.csvField("=HYPERLINK(\"https://evil.example\")") == "\"'=HYPERLINK(\"\"https://evil.example\"\")\"")
        for lead in ["+", "-", "@", "\t"] {
            #expect(ServiceLevelTable.csvField(lead + "1") == "'" + lead + "1", "a leading \(lead) is not a formula")
        }
    }

    @Test func percentagesRoundDownSoAMissIsNeverShownAsMet() {
        // 99.89996 % against a 99.9 % target must not read "99.9".
        #expect(ServiceLevelTable.percent(0.9989996) == "99.8999")
        #expect(ServiceLevelTable.percent(1) == "100")
        #expect(ServiceLevelTable.minutes(5.04 * 60) == "5")
    }
}
