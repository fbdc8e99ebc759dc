@testable import Model
@testable import Content
@testable import Validation
@testable import Status
@testable import Site
import CantonStatusTestSupport
import Foundation
import Testing

/// Feeds checked by real consumers: every Atom and RSS file through Python's `feedparser`, every JSON
/// Feed against a JSON Feed 1.1 schema with `jsonschema` (the calendars go through `icalendar`, in
/// `CalendarTests`). The Python packages are installed by `scripts/setup --test`.
@Suite struct FeedTests {
    // MARK: Real consumers

    @Test func everyAtomAndRSSFeedParsesCleanly() throws {
        let files = FeedRenderer.render(try FeedFixture.snapshot())
        let report = try FeedConsumers.check(files)
        let xmlFeeds = files.filter { $0.path.hasSuffix(".atom") || $0.path.hasSuffix(".rss") }
        #expect(xmlFeeds.count == 16)
        #expect(Set(report.feeds.keys) == Set(xmlFeeds.map(\.path)))
        for (path, feed) in report.feeds.sorted(by: { $0.key < $1.key }) {
            #expect(feed.bozo == 0, "\(path): \(feed.bozoException ?? "")")
            #expect(feed.version == (path.hasSuffix(".atom") ? "atom10" : "rss20"), "\(path)")
            let scope = String(path.dropLast(path.hasSuffix(".atom") ? 5 : 4))
            #expect(feed.entries.count == FeedFixture.expectedEntryCounts[scope], "\(path)")
            #expect(feed.selfLink == "https://status.example.org/\(path)", "\(path)")
            // Feed time: the newest entry's, or the snapshot's for an empty feed; never the build clock.
            #expect(feed.updated == (feed.entries.first?.published ?? FeedFixture.now.secondsSince1970), "\(path)")
            #expect(feed.entries.map(\.published) == feed.entries.map(\.published).sorted(by: >), "\(path): newest first")
            #expect(Set(feed.entries.map(\.id)).count == feed.entries.count, "\(path): ids are unique")
        }

        // The site feed, entry by entry, in both formats.
        for path in ["feed.atom", "feed.rss"] {
            let feed = try #require(report.feeds[path])
            #expect(feed.title == "Canton Network Status")
            #expect(feed.link == "https://status.example.org/")
            #expect(feed.entries.map(\.title) == FeedFixture.siteTitles, "\(path)")
            #expect(feed.entries.map(\.id) == FeedFixture.siteIDs, "\(path)")
            #expect(feed.entries.map(\.link) == FeedFixture.siteLinks, "\(path)")
            let resolved = try #require(feed.entries.first { $0.title == "[Resolved] Elevated sequencer latency" })
            #expect(resolved.published == FeedFixture.time("2026-11-20T16:00Z").secondsSince1970)
            #expect(resolved.content.contains("<strong>Latency</strong> is back to normal"), "the update's Markdown, rendered")
            #expect(resolved.content.contains("Sequencers: partial outage, Scan API: degraded performance"), "impact")
            #expect(resolved.content.contains("MainNet"), "networks")
            #expect(resolved.tags == ["incident", "resolved", "mainnet", "sequencers", "scan-api"])
        }

        let component = try #require(report.feeds["mainnet/components/sequencers.atom"])
        #expect(component.title == "Canton Network Status: Sequencers on MainNet")
        #expect(component.link == "https://status.example.org/mainnet/components/sequencers.html")
        #expect(component.entries.map(\.title) == [
            "[Scheduled] MainNet upgrade to Splice 0.5", "[Resolved] Elevated sequencer latency",
            "[Monitoring] Elevated sequencer latency", "[Identified] Elevated sequencer latency",
            "[Investigating] Elevated sequencer latency",
        ])
    }

    @Test func jsonFeedsMatchTheJSONFeed11Schema() throws {
        let files = FeedRenderer.render(try FeedFixture.snapshot())
        let report = try FeedConsumers.check(files)
        let jsonFeeds = files.filter { $0.path.hasSuffix(".json") }
        #expect(jsonFeeds.count == 8)
        #expect(Set(report.jsonFeeds.keys) == Set(jsonFeeds.map(\.path)))
        for (path, feed) in report.jsonFeeds.sorted(by: { $0.key < $1.key }) {
            #expect(feed.schemaErrors == [], "\(path)")
            #expect(feed.feedUrl == "https://status.example.org/\(path)")
            let atom = try #require(report.feeds[String(path.dropLast(5)) + ".atom"])
            #expect(feed.items.map(\.id) == atom.entries.map(\.id), "\(path): same entries as the Atom feed")
            #expect(feed.items.map(\.title) == atom.entries.map(\.title), "\(path)")
            #expect(feed.items.map(\.url) == atom.entries.map(\.link), "\(path)")
        }
        // The schema itself is not a pushover: a feed with a typo, a bad date and no content fails it.
        let broken = try FeedConsumers.schemaErrors(
            #"{"version": "https://jsonfeed.org/version/1.1", "title": "x", "home_page_url": "https://x.example", "#
                + #""items": [{"id": "1", "date_publised": "2026-11-20T14:05:00Z"}]}"#)
        #expect(broken.count >= 2, "\(broken)")
        let badDate = try FeedConsumers.schemaErrors(
            #"{"version": "https://jsonfeed.org/version/1.1", "title": "x", "#
                + #""items": [{"id": "1", "content_text": "t", "date_published": "20 Nov 2026"}]}"#)
        #expect(badDate.count == 1, "\(badDate)")
    }

    // MARK: Identity and determinism

    @Test func renderingTwiceGivesIdenticalBytes() throws {
        let first = FeedRenderer.render(try FeedFixture.snapshot())
        let second = FeedRenderer.render(try FeedFixture.snapshot())
        #expect(first.map(\.path) == second.map(\.path))
        #expect(first == second)
        #expect(first.count == 27, "\(first.map(\.path))")
        #expect(first.map(\.path) == first.map(\.path).sorted())
    }

    /// The build clock must not leak into feeds: a later build of the same content changes only the
    /// Atom and RSS feeds that have no entries (their `updated` is the snapshot time; JSON Feed has no
    /// feed-level date).
    @Test func aLaterBuildChangesNoFeedWithEntries() throws {
        let early = FeedRenderer.render(try FeedFixture.snapshot())
        let late = FeedRenderer.render(try FeedFixture.snapshot(now: FeedFixture.time("2026-11-24T12:59Z")))
        let changed = zip(early, late).filter { $0 != $1 }.map(\.0.path).sorted()
        #expect(changed == [
            "mainnet/components/validator-api.atom", "mainnet/components/validator-api.rss",
            "testnet/components/sequencers.atom", "testnet/components/sequencers.rss",
        ])
    }

    @Test func entryIDsAreTagURIsFromContent() throws {
        let builder = FeedEntryBuilder(snapshot: try FeedFixture.snapshot())
        #expect(builder.host == "status.example.org")
        #expect(FeedEntryBuilder.host(of: "https://user@Status.Example.org:8443/canton/") == "status.example.org")
        #expect(FeedEntryBuilder.host(of: "file:///tmp/site") == nil)
        #expect(FeedEntryBuilder.host(of: "https://[::1]/") == nil)
        #expect(builder.entryID(kind: .incident, sourceID: "2026-11-20-sequencer-latency", suffix: "update/3",
                                date: FeedFixture.time("2026-11-21T00:00Z"))
                == "tag:status.example.org,2026-11-20:incident/2026-11-20-sequencer-latency/update/3")
        var hostless = builder
        hostless.host = nil
        #expect(hostless.entryID(kind: .maintenance, sourceID: "2026-12-10-upgrade", suffix: "scheduled", date: FeedFixture.now)
                == "urn:canton-status:maintenance/2026-12-10-upgrade/scheduled")
    }

    @Test func feedsHoldTheNewestFiftyEntries() throws {
        let updates = (0..<60).map { minute in
            let status = minute == 0 ? "investigating" : "monitoring"
            return "  - {at: 2026-11-20T14:\(minute < 10 ? "0" : "")\(minute)Z, status: \(status), text: Update \(minute).}"
        }.joined(separator: "\n")
        let snapshot = try FeedFixture.snapshot([
            "components.yml": baseConfiguration,
            "incidents/2026-11-20-long.md": incident(updates: updates),
        ])
        let files = FeedRenderer.render(snapshot)
        let report = try FeedConsumers.check(files.filter { $0.path.hasPrefix("feed.") })
        for path in ["feed.atom", "feed.rss"] {
            let entries = try #require(report.feeds[path]).entries
            #expect(entries.count == Feed.maximumEntries, "\(path)")
            #expect(entries.first?.id.hasSuffix("/update/59") == true, "\(path): newest first")
            #expect(entries.last?.id.hasSuffix("/update/10") == true, "\(path): the oldest ten are left out")
        }
        #expect(try #require(report.jsonFeeds["feed.json"]).items.count == Feed.maximumEntries)
    }

    // MARK: Hostile content

    /// Markup, script, `javascript:` links, `]]>`, quotes, ampersands, newlines, a control character and
    /// U+202E in titles and texts: feeds still parse, nothing becomes markup, and the text survives.
    @Test func hostileContentStaysInert() throws {
        let snapshot = try FeedFixture.snapshot(FeedFixture.hostileFiles, allowWarnings: true)
        let files = FeedRenderer.render(snapshot)
        let report = try FeedConsumers.check(files)

        for file in files where !file.path.hasSuffix(".ics") {
            let lowered = file.text.lowercased()
            #expect(!lowered.contains("<script"), "\(file.path): raw <script")
            #expect(!lowered.contains("<img"), "\(file.path): raw <img")
            #expect(!file.text.contains("]]>"), "\(file.path): raw ]]>")
            #expect(!file.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(file.path): control character")
        }
        let withEntries: Set = ["feed", "mainnet/feed", "mainnet/components/sequencers"]
        for (path, feed) in report.feeds {
            #expect(feed.bozo == 0, "\(path): \(feed.bozoException ?? "")")
            let scope = String(path.prefix { $0 != "." })
            #expect(feed.entries.count == (withEntries.contains(scope) ? 3 : 0), "\(path)")
        }
        for (path, feed) in report.jsonFeeds { #expect(feed.schemaErrors == [], "\(path)") }

        // What readers get after unescaping once: the title exactly as written (bar the bell character,
        // and with the override closed), and content HTML with no script, handler or javascript: link.
        let expectedTitle = "[Investigating] " + FeedFixture.hostileTitleText + "\u{202C}"
        for path in ["feed.atom", "feed.rss", "mainnet/feed.atom", "mainnet/components/sequencers.rss"] {
            let entry = try #require(report.feeds[path]?.entries.last, "\(path)")
            #expect(entry.title == expectedTitle, "\(path)")
            #expect(entry.link == "https://status.example.org/incidents/2026-11-20-hostile.html")
        }
        let jsonTitle = try #require(report.jsonFeeds["feed.json"]?.items.last?.title)
        #expect(jsonTitle == expectedTitle)

        let entries = FeedEntryBuilder(snapshot: snapshot).entries(for: try #require(snapshot.incidents.first))
        let html = try #require(entries.first).renderContent()
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror=\""), "no event handler attribute")
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("<a href=\"\">click</a>"), "safe mode empties the javascript: link")
        #expect(html.contains("a &lt; b ]]&gt; &amp; &quot;quoted&quot;"), "markup-looking text is escaped")
        let parsedContent = try #require(report.feeds["feed.atom"]?.entries.last?.content)
        #expect(parsedContent.contains("]]&gt; &amp; &quot;quoted&quot;") || parsedContent.contains("]]&gt; &amp; \"quoted\""))
    }

    // MARK: Units

    @Test(arguments: [
        ("a\u{07}b\u{0}c\u{7F}d\u{85}e\u{FFFE}f", "abcdef"),
        ("one\r\ntwo\rthree\tfour", "one\ntwo\nthree\tfour"),
        ("\u{202E}reversed", "\u{202E}reversed\u{202C}"),
        ("\u{2067}\u{202B}rtl\nnext", "\u{2067}\u{202B}rtl\u{202C}\u{2069}\nnext"),
        ("\u{202E}closed\u{202C} plain", "\u{202E}closed\u{202C} plain"),
        ("stray \u{202C}\u{2069}close", "stray close"),
        ("\u{2066}\u{202D}x\u{2069}y", "\u{2066}\u{202D}x\u{202C}\u{2069}y"),
        ("שלום \u{200F}mark", "שלום \u{200F}mark"),
    ])
    func cleaningKeepsTextAndDropsWhatNoFormatCarries(input: String, expected: String) {
        #expect(FeedText.clean(input) == expected)
    }

    /// The byte-level fast path may only skip text the full cleaning would leave as it is: checked
    /// for every scalar in the ranges that hold controls, bidi marks and noncharacters, and a few others.
    @Test func theFastPathSkipsOnlyTextCleaningLeavesAlone() {
        let ranges: [ClosedRange<UInt32>] = [0x00...0x2FF, 0x600...0x6FF, 0x2000...0x206F, 0xFEFF...0xFFFF, 0x1F600...0x1F64F]
        var skipped = 0
        for value in ranges.joined() {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(Character(scalar)) + "b"
            if !FeedText.needsCleaning(text) {
                skipped += 1
                #expect(FeedText.cleaned(text) == text, "U+\(String(value, radix: 16)) was skipped but cleaning changes it")
            }
        }
        #expect(skipped > 1_000, "ordinary letters, marks and symbols take the fast path")
        #expect(FeedText.needsCleaning("tab\tand\nnewline") == false)
        #expect(FeedText.needsCleaning("caf\u{E9} \u{B7} \u{2014}") == false)
        #expect(FeedText.needsCleaning("x\u{2069}") && FeedText.needsCleaning("x\u{85}") && FeedText.needsCleaning("x\u{FFFF}"))
    }

    @Test func escapingCoversEveryXMLSpecial() {
        #expect(FeedText.escaped(#"<a href="x">Tom & 'Jerry'</a> ]]>"#)
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt; ]]&gt;")
        #expect(JSONFeed.inert(#"{"a": "<b>&\#u{2028}"}"#) == #"{"a": "\u003cb\u003e\u0026\u2028"}"#)
        // Other characters that share the separators' first bytes pass as they are, at the end too.
        #expect(JSONFeed.inert("\u{2029}…€\u{2028}") == #"\u2029…€\u2028"#)
        #expect(JSONFeed.inert("a…") == "a…")
    }

    @Test func datesAreRFC822AndRFC3339InUTC() {
        let time = FeedFixture.time("2026-11-20T15:05:09+01:00")
        #expect(FeedTime.rfc822(time) == "Fri, 20 Nov 2026 14:05:09 +0000")
        #expect(FeedTime.rfc822(FeedFixture.time("1970-01-01T00:00Z")) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(FeedTime.rfc822(FeedFixture.time("1969-12-31T23:59Z")) == "Wed, 31 Dec 1969 23:59:00 +0000")
        #expect(FeedTime.rfc3339(time) == "2026-11-20T14:05:09Z")
        #expect(FeedTime.iCalendar(time) == "20261120T140509Z")
    }
}

// MARK: - Fixtures

/// Content shared by the feed and calendar tests: two networks, incidents with several updates, and
/// maintenance that is upcoming, done, and cancelled.
enum FeedFixture {
    static func time(_ text: String) -> Timestamp {
        // The fixtures' times are literals; a typo should fail loudly.
        guard case .success(let time) = Timestamp.parse(text) else { fatalError("bad fixture time \(text)") }
        return time
    }

    static let now = time("2026-11-24T12:00Z")

    /// Long, non-ASCII, with every character iCalendar TEXT escapes: it must be folded correctly.
    static let longDescription = """
        Überprüfung und Aktualisierung aller Sequencer-Knoten; 日本語の説明文、カンマ, セミコロン; \
        emoji 🚀🛰️ and a backslash \\ in the middle. Grüße aus Zürich — «le réseau Canton» — \
        Ελληνικά κείμενα για δοκιμή, עברית לבדיקה, and more text so that the line is much longer than \
        seventy-five octets.

        Second paragraph with a [link](https://docs.example.org/upgrade) and **bold** text.
        """

    static let files: [String: String] = [
        "components.yml": baseConfiguration,
        "incidents/2026-11-20-sequencer-latency.md": incident(
            impact: "{sequencers: partial-outage, scan-api: degraded-performance}",
            updates: """
                  - {at: 2026-11-20T14:05Z, status: investigating, text: We are investigating elevated submission latency.}
                  - {at: 2026-11-20T14:40Z, status: identified, text: One sequencer is overloaded.}
                  - {at: 2026-11-20T15:10Z, status: monitoring, text: Load is rebalanced.}
                  - {at: 2026-11-20T16:00Z, status: resolved, text: "**Latency** is back to normal."}
                """,
            body: "A sequencer ran out of memory.\n"),
        "incidents/2026-11-22-testnet-scan.md": incident(
            title: "TestNet Scan unavailable", environments: "[testnet]", impact: "{scan-api: major-outage}",
            updates: "  - {at: 2026-11-22T09:00Z, status: investigating, "
                + "text: \"Scan returns 503; see [the runbook](https://docs.example.org/scan).\"}"),
        "maintenance/2026-12-10-mainnet-upgrade.md": """
            ---
            title: MainNet upgrade to Splice 0.5
            start: 2026-12-10T14:00Z
            end: 2026-12-10T20:00Z
            environments: [mainnet]
            components: [sequencers]
            impact: major-outage
            references: [CIP-0089]
            ---
            \(longDescription)

            """,
        "maintenance/2026-11-15-testnet-migration.md": """
            ---
            title: TestNet migration
            start: 2026-11-15T14:00Z
            end: 2026-11-15T16:00Z
            environments: [testnet]
            components: [scan-api]
            impact: degraded-performance
            updates:
              - {at: 2026-11-10T09:00Z, status: scheduled, text: Announced on the validator list.}
              - {at: 2026-11-15T14:00Z, status: in-progress, text: Migration started.}
              - {at: 2026-11-15T15:30Z, status: completed, text: Migration done.}
            ---
            Scan is read-only during the migration.

            """,
        "maintenance/2026-12-01-cancelled-window.md": """
            ---
            title: Scan API certificate rotation
            start: 2026-12-01T10:00Z
            end: 2026-12-01T12:00Z
            environments: [mainnet]
            components: [scan-api]
            impact: partial-outage
            updates:
              - {at: 2026-11-20T10:00Z, status: scheduled, text: Rotation planned.}
              - {at: 2026-11-23T08:00Z, status: cancelled, text: "Not needed: the certificates were renewed early."}
            ---
            Certificates of the Scan API are rotated.

            """,
    ]

    /// When each window was first committed, for the notice rule.
    static let history = FirstCommits(times: [
        "maintenance/2026-12-10-mainnet-upgrade.md": time("2026-11-01T00:00Z"),
        "maintenance/2026-11-15-testnet-migration.md": time("2026-11-10T09:00Z"),
        "maintenance/2026-12-01-cancelled-window.md": time("2026-11-20T10:00Z"),
    ])

    /// Entries per feed (the path without its extension).
    static let expectedEntryCounts: [String: Int] = [
        "feed": 11,
        "mainnet/feed": 7, "testnet/feed": 4,
        "mainnet/components/sequencers": 5, "mainnet/components/scan-api": 6, "mainnet/components/validator-api": 0,
        "testnet/components/sequencers": 0, "testnet/components/scan-api": 4,
    ]

    /// The site feed, newest first. The upcoming window without updates is dated at its start; the
    /// windows whose first update is `scheduled` are announced at that update, which is not repeated.
    static let siteEntries: [(title: String, source: String, suffix: String)] = [
        ("[Scheduled] MainNet upgrade to Splice 0.5", "maintenance/2026-12-10-mainnet-upgrade", "scheduled"),
        ("[Cancelled] Scan API certificate rotation", "maintenance/2026-12-01-cancelled-window", "update/1"),
        ("[Investigating] TestNet Scan unavailable", "incidents/2026-11-22-testnet-scan", "update/0"),
        ("[Resolved] Elevated sequencer latency", "incidents/2026-11-20-sequencer-latency", "update/3"),
        ("[Monitoring] Elevated sequencer latency", "incidents/2026-11-20-sequencer-latency", "update/2"),
        ("[Identified] Elevated sequencer latency", "incidents/2026-11-20-sequencer-latency", "update/1"),
        ("[Investigating] Elevated sequencer latency", "incidents/2026-11-20-sequencer-latency", "update/0"),
        ("[Scheduled] Scan API certificate rotation", "maintenance/2026-12-01-cancelled-window", "scheduled"),
        ("[Completed] TestNet migration", "maintenance/2026-11-15-testnet-migration", "update/2"),
        ("[In progress] TestNet migration", "maintenance/2026-11-15-testnet-migration", "update/1"),
        ("[Scheduled] TestNet migration", "maintenance/2026-11-15-testnet-migration", "scheduled"),
    ]
    static var siteTitles: [String] { siteEntries.map(\.title) }
    /// `tag:<host>,<date in the id>:<incident|maintenance>/<id>/<suffix>`.
    static var siteIDs: [String] {
        siteEntries.map { entry in
            let (folder, id) = (entry.source.prefix { $0 != "/" }, entry.source.drop { $0 != "/" }.dropFirst())
            let kind = folder == "incidents" ? "incident" : "maintenance"
            return "tag:status.example.org,\(id.prefix(10)):\(kind)/\(id)/\(entry.suffix)"
        }
    }
    static var siteLinks: [String] { siteEntries.map { "https://status.example.org/\($0.source).html" } }

    /// A title written in YAML escapes: markup, `]]>`, both quotes, `&`, a newline, a bell character
    /// (dropped) and U+202E (kept, and closed at the end of the field).
    static let hostileTitleYAML = #""<script>alert(1)</script> ]]> & \"double\"\n'single' \a\u202E desrever""#
    static let hostileTitleText = "<script>alert(1)</script> ]]> & \"double\"\n'single' \u{202E} desrever"

    /// Inline raw HTML (a line *starting* with a tag would be an HTML block, dropped whole), a
    /// `javascript:` link, and text that looks like markup.
    static let hostileText = """
        Before <script>alert(1)</script> <img src=x onerror="alert(1)"> [click](javascript:alert(1))
        and a < b ]]> & "quoted" 'single' \u{202E}reversed
        """

    static let hostileFiles: [String: String] = [
        "components.yml": baseConfiguration,
        "incidents/2026-11-20-hostile.md": incident(
            title: hostileTitleYAML,
            updates: "  - at: 2026-11-20T14:05Z\n    status: investigating\n    text: |\n"
                + hostileText.split(separator: "\n").map { "      \($0)\n" }.joined(),
            body: "Summary <iframe src=\"https://evil.example\"></iframe>\n"),
        "maintenance/2026-12-10-hostile.md": """
            ---
            title: \(hostileTitleYAML)
            start: 2026-12-10T14:00Z
            end: 2026-12-10T20:00Z
            environments: [mainnet]
            components: [sequencers]
            impact: major-outage
            updates:
              - at: 2026-11-21T10:00Z
                status: in-progress
                text: |
            \(hostileText.split(separator: "\n").map { "          \($0)" }.joined(separator: "\n"))
            ---
            \(hostileText)

            """,
    ]

    static let hostileHistory = FirstCommits(times: ["maintenance/2026-12-10-hostile.md": time("2026-11-01T00:00Z")])

    /// Validates `files` and computes the snapshot every renderer reads. Validation errors fail the
    /// test: a feed test on content the validator refuses would test nothing real.
    static func snapshot(
        _ files: [String: String] = files, now: Timestamp = now, allowWarnings: Bool = false,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> StatusSnapshot {
        let history = files == hostileFiles ? hostileHistory : Self.history
        let report = try ContentValidator(now: now).validate(InMemoryFileSystem(files), history: FixedHistory(commits: history))
        let unexpected = report.diagnostics.filter { $0.severity == .error || ($0.severity == .warning && !allowWarnings) }
        if !unexpected.isEmpty {
            let described = unexpected.map { "\($0.location?.description ?? "") [\($0.rule)] \($0.message)" }
            Issue.record("fixture does not validate cleanly: \(described)", sourceLocation: sourceLocation)
        }
        let content = try #require(report.content, sourceLocation: sourceLocation)
        return StatusSnapshot(content: content, now: now)
    }
}

// MARK: - Consumers

/// Runs the Python consumers over rendered files and returns what they saw.
enum FeedConsumers {
    struct Report: Decodable {
        var feeds: [String: ParsedFeed]
        var jsonFeeds: [String: ParsedJSONFeed]
        var calendars: [String: ParsedCalendar]
    }

    struct ParsedFeed: Decodable {
        var bozo: Int
        var bozoException: String?
        var version: String
        var title: String
        var link: String
        var selfLink: String?
        var updated: Int64?
        var entries: [Entry]

        struct Entry: Decodable {
            var id: String
            var title: String
            var link: String
            var published: Int64
            var content: String
            var tags: [String]
        }
    }

    struct ParsedJSONFeed: Decodable {
        var schemaErrors: [String]
        var feedUrl: String?
        var items: [Item]

        struct Item: Decodable {
            var id: String
            var title: String
            var url: String
            /// `content_html` (the snake-case conversion makes it `contentHtml`).
            var contentHtml: String
        }
    }

    struct ParsedCalendar: Decodable {
        var error: String?
        var properties: [String: String]
        var events: [Event]
        /// Longest physical line in octets, without its CRLF.
        var longestLine: Int
        var bareLineFeeds: Int
        var invalidUtf8Lines: Int
        var continuationLines: Int

        struct Event: Decodable {
            var uid: String
            var start: String
            var end: String
            var stamp: String
            var status: String
            var sequence: Int
            var summary: String
            var description: String
            var url: String
        }
    }

    /// Writes `files` to a temporary directory and runs `script` over it.
    static func check(_ files: [OutputFile], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Report {
        let directory = try TemporaryDirectory(prefix: "canton-status-feeds")
        defer { directory.remove() }
        for file in files { try directory.write("site/" + file.path, bytes: file.bytes) }
        try directory.write("check.py", script)
        try directory.write("jsonfeed-1.1.schema.json", jsonFeedSchema)
        let output = try python([directory.url.appendingPathComponent("check.py").path, directory.path + "/site",
                                 directory.url.appendingPathComponent("jsonfeed-1.1.schema.json").path],
                                sourceLocation: sourceLocation)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Report.self, from: Data(output.utf8))
    }

    /// What `jsonschema` says about one JSON document against the JSON Feed 1.1 schema.
    static func schemaErrors(_ json: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String] {
        let directory = try TemporaryDirectory(prefix: "canton-status-feeds")
        defer { directory.remove() }
        try directory.write("feed.json", json)
        try directory.write("schema.json", jsonFeedSchema)
        let output = try python(["-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[2]))
            validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            print(json.dumps(sorted(e.message for e in validator.iter_errors(json.load(open(sys.argv[1]))))))
            """, directory.path + "/feed.json", directory.path + "/schema.json"], sourceLocation: sourceLocation)
        return try JSONDecoder().decode([String].self, from: Data(output.utf8))
    }

    private static func python(_ arguments: [String], sourceLocation: Testing.SourceLocation) throws -> String {
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, environment: ["PYTHONIOENCODING": "utf-8"],
            timeout: 120)
        try #require(result.status == 0, "python3 failed (is `scripts/setup --test` done?): \(result.standardError)",
                     sourceLocation: sourceLocation)
        return result.standardOutput
    }

    /// Parses every file under the site folder with the consumer for its kind and prints one JSON report.
    static let script = #"""
        import calendar, json, os, sys
        import feedparser, icalendar, jsonschema

        root, schema_path = sys.argv[1], sys.argv[2]
        schema = json.load(open(schema_path, encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        report = {"feeds": {}, "json_feeds": {}, "calendars": {}}

        def seconds(parsed):
            return calendar.timegm(parsed) if parsed else None

        for folder, _, names in os.walk(root):
            for name in sorted(names):
                full = os.path.join(folder, name)
                path = os.path.relpath(full, root)
                raw = open(full, "rb").read()
                if name.endswith(".atom") or name.endswith(".rss"):
                    parsed = feedparser.parse(raw)
                    feed = parsed.feed
                    entries = []
                    for entry in parsed.entries:
                        content = entry.content[0].value if "content" in entry else entry.get("description", "")
                        entries.append({
                            "id": entry.get("id", ""), "title": entry.get("title", ""), "link": entry.get("link", ""),
                            "published": seconds(entry.get("published_parsed")), "content": content,
                            "tags": [tag.term for tag in entry.get("tags", [])],
                        })
                    self_links = [link.href for link in feed.get("links", []) if link.get("rel") == "self"]
                    report["feeds"][path] = {
                        "bozo": int(parsed.bozo), "bozo_exception": str(parsed.get("bozo_exception", "")) or None,
                        "version": parsed.version, "title": feed.get("title", ""), "link": feed.get("link", ""),
                        "self_link": self_links[0] if self_links else None,
                        "updated": seconds(feed.get("updated_parsed")), "entries": entries,
                    }
                elif name.endswith(".json"):
                    document = json.loads(raw.decode("utf-8"))
                    report["json_feeds"][path] = {
                        "schema_errors": sorted(f"{list(e.absolute_path)}: {e.message}"
                                                for e in validator.iter_errors(document)),
                        "feed_url": document.get("feed_url"),
                        "items": [{"id": i.get("id"), "title": i.get("title", ""), "url": i.get("url", ""),
                                   "content_html": i.get("content_html", "")} for i in document.get("items", [])],
                    }
                elif name.endswith(".ics"):
                    lines = raw.split(b"\r\n")
                    result = {
                        "error": None, "properties": {}, "events": [],
                        "longest_line": max(len(line) for line in lines),
                        "bare_line_feeds": sum(line.count(b"\n") for line in lines),
                        "continuation_lines": sum(1 for line in lines if line.startswith(b" ")),
                        "invalid_utf8_lines": 0,
                    }
                    for line in lines:
                        try:
                            line.decode("utf-8")
                        except UnicodeDecodeError:
                            result["invalid_utf8_lines"] += 1
                    try:
                        cal = icalendar.Calendar.from_ical(raw)
                        for key in ("VERSION", "PRODID", "CALSCALE", "METHOD"):
                            result["properties"][key] = str(cal.get(key, ""))
                        for event in cal.walk("VEVENT"):
                            result["events"].append({
                                "uid": str(event["UID"]),
                                "start": event.decoded("DTSTART").isoformat(),
                                "end": event.decoded("DTEND").isoformat(),
                                "stamp": event.decoded("DTSTAMP").isoformat(),
                                "status": str(event.get("STATUS", "")),
                                "sequence": int(event.get("SEQUENCE", -1)),
                                "summary": str(event.get("SUMMARY", "")),
                                "description": str(event.get("DESCRIPTION", "")),
                                "url": str(event.get("URL", "")),
                            })
                    except Exception as error:
                        result["error"] = repr(error)
                    report["calendars"][path] = result

        print(json.dumps(report, ensure_ascii=True))
        """#

    /// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as a JSON Schema, written from the spec.
    ///
    /// Stricter than the spec in one way: unknown keys are refused unless they start with `_` (the spec's
    /// extension syntax), so a misspelt field (`date_publised`) fails instead of being silently ignored.
    /// Kept inline rather than as a file because the test target's resources are another folder's.
    static let jsonFeedSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://jsonfeed.org/version/1.1/schema.json",
          "title": "JSON Feed 1.1",
          "type": "object",
          "required": ["version", "title", "items"],
          "properties": {
            "version": {"const": "https://jsonfeed.org/version/1.1"},
            "title": {"type": "string"},
            "home_page_url": {"$ref": "#/$defs/url"},
            "feed_url": {"$ref": "#/$defs/url"},
            "description": {"type": "string"},
            "user_comment": {"type": "string"},
            "next_url": {"$ref": "#/$defs/url"},
            "icon": {"$ref": "#/$defs/url"},
            "favicon": {"$ref": "#/$defs/url"},
            "authors": {"type": "array", "items": {"$ref": "#/$defs/author"}},
            "author": {"$ref": "#/$defs/author"},
            "language": {"$ref": "#/$defs/language"},
            "expired": {"type": "boolean"},
            "hubs": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["type", "url"],
                "properties": {"type": {"type": "string"}, "url": {"$ref": "#/$defs/url"}}
              }
            },
            "items": {"type": "array", "items": {"$ref": "#/$defs/item"}}
          },
          "patternProperties": {"^_[A-Za-z0-9]": {"type": "object"}},
          "additionalProperties": false,
          "$defs": {
            "url": {"type": "string", "format": "uri", "minLength": 1},
            "language": {"type": "string", "pattern": "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"},
            "date": {"type": "string", "format": "date-time"},
            "author": {
              "type": "object",
              "properties": {
                "name": {"type": "string"},
                "url": {"$ref": "#/$defs/url"},
                "avatar": {"$ref": "#/$defs/url"}
              },
              "anyOf": [{"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}],
              "patternProperties": {"^_[A-Za-z0-9]": {"type": "object"}},
              "additionalProperties": false
            },
            "attachment": {
              "type": "object",
              "required": ["url", "mime_type"],
              "properties": {
                "url": {"$ref": "#/$defs/url"},
                "mime_type": {"type": "string"},
                "title": {"type": "string"},
                "size_in_bytes": {"type": "number", "minimum": 0},
                "duration_in_seconds": {"type": "number", "minimum": 0}
              },
              "patternProperties": {"^_[A-Za-z0-9]": {"type": "object"}},
              "additionalProperties": false
            },
            "item": {
              "type": "object",
              "required": ["id"],
              "properties": {
                "id": {"type": "string", "minLength": 1},
                "url": {"$ref": "#/$defs/url"},
                "external_url": {"$ref": "#/$defs/url"},
                "title": {"type": "string"},
                "content_html": {"type": "string"},
                "content_text": {"type": "string"},
                "summary": {"type": "string"},
                "image": {"$ref": "#/$defs/url"},
                "banner_image": {"$ref": "#/$defs/url"},
                "date_published": {"$ref": "#/$defs/date"},
                "date_modified": {"$ref": "#/$defs/date"},
                "authors": {"type": "array", "items": {"$ref": "#/$defs/author"}},
                "author": {"$ref": "#/$defs/author"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "language": {"$ref": "#/$defs/language"},
                "attachments": {"type": "array", "items": {"$ref": "#/$defs/attachment"}}
              },
              "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
              "patternProperties": {"^_[A-Za-z0-9]": {"type": "object"}},
              "additionalProperties": false
            }
          }
        }
        """#
}
