@testable import Model
@testable import Site
import CantonStatusTestSupport
import Foundation
import Testing

/// Maintenance calendars checked by a real consumer (Python's `icalendar`) and by raw byte checks on
/// line endings and folding, which parsers forgive but strict clients do not.
@Suite struct CalendarTests {
    static let migration = "2026-11-15T14:00:00+00:00"

    @Test func calendarsParseWithTheRightEvents() throws {
        let files = FeedRenderer.render(try FeedFixture.snapshot())
        let report = try FeedConsumers.check(files.filter { $0.path.hasSuffix(".ics") })
        #expect(report.calendars.keys.sorted() == ["mainnet/maintenance.ics", "maintenance.ics", "testnet/maintenance.ics"])
        for (path, calendar) in report.calendars {
            #expect(calendar.error == nil, "\(path)")
            #expect(calendar.properties == [
                "VERSION": "2.0", "PRODID": "-//canton-status//Canton Network Status//EN",
                "CALSCALE": "GREGORIAN", "METHOD": "PUBLISH",
            ], "\(path)")
            #expect(calendar.bareLineFeeds == 0, "\(path): every line ends in CRLF")
            #expect(calendar.longestLine <= 75, "\(path)")
            #expect(calendar.invalidUtf8Lines == 0, "\(path): a fold split a UTF-8 sequence")
        }

        let site = try #require(report.calendars["maintenance.ics"])
        #expect(site.events.map(\.uid) == [
            "2026-11-15-testnet-migration@status.example.org",
            "2026-12-01-cancelled-window@status.example.org",
            "2026-12-10-mainnet-upgrade@status.example.org",
        ])
        #expect(site.events.map(\.start) == [Self.migration, "2026-12-01T10:00:00+00:00", "2026-12-10T14:00:00+00:00"])
        #expect(site.events.map(\.end) == ["2026-11-15T16:00:00+00:00", "2026-12-01T12:00:00+00:00", "2026-12-10T20:00:00+00:00"])
        // DTSTAMP and SEQUENCE come from the updates (or the start), never from the clock.
        #expect(site.events.map(\.stamp) == ["2026-11-15T15:30:00+00:00", "2026-11-23T08:00:00+00:00", "2026-12-10T14:00:00+00:00"])
        #expect(site.events.map(\.sequence) == [3, 2, 0])
        #expect(site.events.map(\.status) == ["CONFIRMED", "CANCELLED", "CONFIRMED"])
        #expect(site.events.map(\.summary) == [
            "TestNet migration", "[Cancelled] Scan API certificate rotation", "MainNet upgrade to Splice 0.5",
        ])
        #expect(site.events.map(\.url) == [
            "https://status.example.org/maintenance/2026-11-15-testnet-migration.html",
            "https://status.example.org/maintenance/2026-12-01-cancelled-window.html",
            "https://status.example.org/maintenance/2026-12-10-mainnet-upgrade.html",
        ])
        #expect(site.events[1].description == """
            Certificates of the Scan API are rotated.

            Status: Cancelled
            When: 2026-12-01 10:00 – 12:00 UTC
            Expected impact: Partial outage
            Components: Scan API
            Networks: MainNet

            Updates:
            2026-11-20 10:00 UTC, Scheduled: Rotation planned.
            2026-11-23 08:00 UTC, Cancelled: Not needed: the certificates were renewed early.

            https://status.example.org/maintenance/2026-12-01-cancelled-window.html
            """)

        #expect(try #require(report.calendars["mainnet/maintenance.ics"]).events.map(\.uid) == [
            "2026-12-01-cancelled-window@status.example.org", "2026-12-10-mainnet-upgrade@status.example.org",
        ])
        #expect(try #require(report.calendars["testnet/maintenance.ics"]).events.map(\.uid) == [
            "2026-11-15-testnet-migration@status.example.org",
        ])
    }

    /// A long description in several scripts, with emoji and every character TEXT escapes, comes back
    /// whole from the parser, though no physical line is longer than 75 octets.
    @Test func longNonASCIIDescriptionIsFoldedAndEscaped() throws {
        let files = FeedRenderer.render(try FeedFixture.snapshot())
        let ics = try #require(files.first { $0.path == "maintenance.ics" })
        let lines = ics.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        #expect(ics.bytes.suffix(2) == [13, 10])
        for line in lines {
            #expect(line.last == 13, "line without CR")
            #expect(line.count - 1 <= 75, "\(String(decoding: line, as: UTF8.self)) is \(line.count - 1) octets")
            #expect(String(validating: line.dropLast(), as: UTF8.self) != nil, "a fold split a UTF-8 sequence")
        }
        let descriptionLines = ics.text.components(separatedBy: "\r\n").drop { !$0.hasPrefix("DESCRIPTION:Überprüfung") }
        #expect(descriptionLines.dropFirst().prefix { $0.hasPrefix(" ") }.count >= 5, "folded over many lines")
        let unfolded = ics.text.replacingOccurrences(of: "\r\n ", with: "")
        // `;` `,` and `\` escaped in the TEXT value.
        #expect(unfolded.contains(
            "DESCRIPTION:Überprüfung und Aktualisierung aller Sequencer-Knoten\\; 日本語の説明文、カンマ\\, セミコロン\\; "
                + "emoji 🚀🛰️ and a backslash \\\\ in the middle."))

        let report = try FeedConsumers.check([ics])
        let upgrade = try #require(report.calendars["maintenance.ics"]?.events.last)
        let firstParagraph = try #require(FeedFixture.longDescription.components(separatedBy: "\n\n").first)
        #expect(upgrade.description == firstParagraph + """


            Second paragraph with a link <https://docs.example.org/upgrade> and bold text.

            When: 2026-12-10 14:00 – 20:00 UTC
            Expected impact: Major outage
            Components: Sequencers
            Networks: MainNet
            References: CIP-0089

            https://status.example.org/maintenance/2026-12-10-mainnet-upgrade.html
            """)
    }

    @Test func hostileContentStaysTextInTheCalendar() throws {
        let files = FeedRenderer.render(try FeedFixture.snapshot(FeedFixture.hostileFiles, allowWarnings: true))
        let report = try FeedConsumers.check(files.filter { $0.path.hasSuffix(".ics") })
        for (path, calendar) in report.calendars {
            #expect(calendar.error == nil, "\(path)")
            #expect(calendar.longestLine <= 75 && calendar.bareLineFeeds == 0, "\(path)")
        }
        let event = try #require(report.calendars["maintenance.ics"]?.events.first)
        #expect(event.summary == FeedFixture.hostileTitleText + "\u{202C}", "the title intact, bar the bell character")
        #expect(event.description.contains("Before alert(1) click and a < b ]]> & \"quoted\" 'single' \u{202E}reversed\u{202C}\n"),
                "\(event.description)")
        #expect(!event.description.contains("<script"), "raw HTML is dropped, as on the page")
        #expect(!event.description.contains("javascript:"))
        #expect(event.description.contains("2026-11-21 10:00 UTC, In progress: Before alert(1) click"))
    }

    @Test func renderingTwiceGivesIdenticalCalendars() throws {
        let first = FeedRenderer.render(try FeedFixture.snapshot()).filter { $0.path.hasSuffix(".ics") }
        let later = FeedRenderer.render(try FeedFixture.snapshot(now: FeedFixture.time("2026-11-24T12:59Z")))
            .filter { $0.path.hasSuffix(".ics") }
        #expect(first.count == 3)
        #expect(first == later, "calendars depend on content only")
    }

    // MARK: Units

    @Test func textEscapesBackslashSemicolonCommaAndNewline() {
        #expect(ICalendar.text("a\\b;c,d\ne\r\nf\u{01}g: \"h\"") == #"a\\b\;c\,d\ne\nfg: "h""#)
    }

    @Test(arguments: 0..<8)
    func foldingNeverSplitsAScalar(prefixLength: Int) {
        let line = "DESCRIPTION:" + String(repeating: "x", count: prefixLength) + String(repeating: "é🚀日", count: 30)
        let folded = ICalendar.fold(line)
        let physical = folded.components(separatedBy: "\r\n")
        #expect(physical.count > 1)
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(physical.first.map { $0.utf8.count > 71 } == true, "the first line is filled")
        // Unfolding (removing CRLF + one space) gives the line back.
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
    }

    @Test func shortLinesAreNotFolded() {
        let line = "SUMMARY:" + String(repeating: "a", count: 67)
        #expect(line.utf8.count == 75)
        #expect(ICalendar.fold(line) == line)
        #expect(ICalendar.fold(line + "b") == line + "\r\n b")
    }
}
