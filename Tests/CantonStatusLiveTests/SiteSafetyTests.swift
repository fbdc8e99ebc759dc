import Site
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
internal import Validation

/// Content written to attack the page: every output must show it as inert text.
@Suite struct SiteSafetyTests {
    static let hostileConfiguration = """
        page: {title: "Status <script>alert('page')</script>", url: "https://status.example.org", description: "\\" onload=\\"alert(1)"}
        environments:
          - {id: mainnet, name: "Main<img src=x onerror=alert(1)>Net", scan: "https://scan.example.org"}
        groups:
          - {id: core, name: "Core & <b>friends</b>", description: "‮reversed‬ text"}
        components:
          - {id: scan-api, name: "Scan ]]> API", group: core, description: "<iframe src=javascript:alert(1)>"}

        """

    static let hostileIncident = """
        ---
        title: "<script>alert('title')</script> \\"quoted\\" & ]]> ‮evil"
        environments: [mainnet]
        impact: {scan-api: major-outage}
        updates:
          - at: 2026-11-20T14:05Z
            status: investigating
            text: "[click](javascript:alert(1)) <img src=x onerror=alert(2)> ![pic](javascript:alert(3)) <a href=\\"data:text/html,x\\">x</a>"
        ---
        <script>alert('body')</script>

        [data link](data:text/html;base64,PHNjcmlwdD4=) and <svg onload=alert(4)>

        """

    /// A window whose text tries to close the calendar event and open a forged one.
    static let hostileMaintenance = """
        ---
        title: "Upgrade; <b>now</b>, \\\\ done ‮txt"
        start: 2026-12-20T13:00Z
        end: 2026-12-20T15:00Z
        environments: [mainnet]
        components: [scan-api]
        impact: partial-outage
        ---
        Line one
        END:VEVENT
        BEGIN:VEVENT
        SUMMARY:forged

        """

    static func hostileSite() throws -> SiteBuilder.Result {
        let repository = try siteRepository([
            "components.yml": Self.hostileConfiguration, "incidents/2026-11-20-hostile.md": Self.hostileIncident,
            "maintenance/2026-12-20-hostile.md": Self.hostileMaintenance,
        ])
        defer { repository.remove() }
        return try buildSite(in: repository)
    }

    @Test func hostileContentIsInertInEveryPage() throws {
        let repository = try siteRepository([
            "components.yml": Self.hostileConfiguration, "incidents/2026-11-20-hostile.md": Self.hostileIncident,
            "maintenance/2026-12-20-hostile.md": Self.hostileMaintenance,
        ])
        defer { repository.remove() }
        let result = try buildSite(in: repository)
        #expect(!result.report.hasErrors, "\(result.report.diagnostics)")
        #expect(!result.files.isEmpty)
        for file in result.files where file.path.hasSuffix(".html") {
            let text = file.text.lowercased()
            #expect(!text.contains("<script"), "\(file.path) has a script element")
            #expect(!text.contains("<img src=x"), "\(file.path) has an injected image")
            #expect(!text.contains("<iframe"), "\(file.path) has an injected iframe")
            #expect(!text.contains("<svg onload"), "\(file.path) has an injected svg")
            #expect(!text.contains("href=\"javascript:"), "\(file.path) links to javascript:")
            #expect(!text.contains("href=\"data:"), "\(file.path) links to data:")
            #expect(!text.contains("src=\"\""), "\(file.path) has an image without source")
            // Escaped text and quoted attribute values may spell `onerror=`; only an attribute name
            // inside a real tag is a hole, so quoted values are blanked before looking.
            let unquoted = text.replacing(/"[^"]*"/, with: "\"\"")
            #expect(!unquoted.contains(/<[a-z][^<>]*\son[a-z]+\s*=/), "\(file.path) has an event attribute")
        }
        let incident = try #require(result.files.first { $0.path == "incidents/2026-11-20-hostile.html" }).text
        #expect(incident.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"))
    }

    /// What probes record from remote servers, written to attack the page: an SV name with markup,
    /// a quote glued to a combining accent (one Swift `Character`, which a per-character escaper
    /// misses), and a bidi override; a failure reason with a script and a line break; a version
    /// with `"` and `&`.
    static let hostileSV = "<img src=x onerror=alert('sv')>\"\u{301} onmouseover=alert(1) x=\"\u{202E}gnirts"
    static let hostileReason = "<script>alert('reason')</script> & \"quoted\"\nforged_metric 1"
    static let hostileVersion = "0.5.3\" onload=\"alert(1)&amp;<b>bold</b>"

    static func hostileHistorySite() throws -> SiteBuilder.Result {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        try MeasuredWorld.history(hostileName: hostileSV, hostileVersion: hostileVersion, hostileReason: hostileReason)
            .write(into: repository)
        return try buildSite(in: repository)
    }

    /// The value decides the escaping, not the braces: a fork's template that triple-braces a title
    /// still shows it as text, and one that double-braces the tool's own HTML still shows HTML.
    @Test func aForksBracesCannotUnescapeContent() throws {
        let repository = try siteRepository([
            "components.yml": Self.hostileConfiguration, "incidents/2026-11-20-hostile.md": Self.hostileIncident,
            "site-template/incident.mustache": "<h1>{{{title}}}</h1>{{#updates}}<div class=\"u\">{{html}}</div>{{/updates}}<i>{{{severity.word}}}</i>\n",
        ])
        defer { repository.remove() }
        let result = try buildSite(in: repository)
        let page = try #require(result.files.first { $0.path == "incidents/2026-11-20-hostile.html" }).text
        #expect(page.hasPrefix("<h1>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &quot;quoted&quot; &amp; ]]&gt;"))
        #expect(!page.lowercased().contains("<script"))
        #expect(page.contains("<div class=\"u\"><p>"), "the update's safe HTML is placed as HTML: \(page)")
        #expect(!page.contains("&lt;p&gt;"))
        #expect(page.contains("<i>Major outage</i>"))
    }

    @Test func hostileHistoryIsInertInEveryFormat() throws {
        let result = try Self.hostileHistorySite()
        #expect(!result.report.hasErrors, "\(result.report.diagnostics)")
        for file in result.files {
            let text = file.text
            let lower = text.lowercased()
            switch (file.path as NSString).pathExtension {
            case "html":
                #expect(!lower.contains("<script"), "\(file.path) has a script element")
                #expect(!lower.contains("<img src=x"), "\(file.path) has an injected image")
                #expect(!lower.contains("<b>bold"), "\(file.path) has injected markup")
                #expect(!text.contains("\u{202E}"), "\(file.path) kept a bidi override from history")
                let gluedQuote = String(String.UnicodeScalarView(["\"", "\u{301}"]))
                #expect(!text.contains(gluedQuote), "\(file.path) kept a quote glued to a combining mark")
                let unquoted = lower.replacing(/"[^"]*"/, with: "\"\"")
                #expect(!unquoted.contains(/<[a-z][^<>]*\son[a-z]+\s*=/), "\(file.path) has an event attribute")
            case "svg", "xml", "atom", "rss":
                let parser = XMLParser(data: Data(file.bytes))
                #expect(parser.parse(), "\(file.path) is not well-formed XML")
                #expect(!lower.contains("<script") && !lower.contains("<img"), "\(file.path) has live markup")
            case "json":
                #expect(!text.contains("<") && !text.contains(">"), "\(file.path) has raw markup characters")
                #expect((try? JSONSerialization.jsonObject(with: Data(file.bytes))) != nil, "\(file.path) is not JSON")
            default:
                break
            }
        }
        let network = try #require(result.files.first { $0.path == "mainnet/index.html" }).text
        #expect(network.contains("&lt;img src=x onerror=alert(&#39;sv&#39;)&gt;&quot; onmouseover=alert(1) x=&quot;gnirts"),
                "the SV's name is shown, as text")
        #expect(network.contains("0.5.3&quot; onload=&quot;alert(1)&amp;amp;&lt;b&gt;bold&lt;/b&gt;"), "the version is shown, as text")
        // The SV app's measured outage is shown with its reason, on the state line and in the targets.
        let component = try #require(result.files.first { $0.path == "mainnet/components/sv-app.html" }).text
        let reason = "&lt;script&gt;alert(&#39;reason&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; forged_metric 1"
        #expect(component.components(separatedBy: reason).count - 1 == 2)

        // The metrics file stays parseable: the reason's line break cannot forge a sample.
        let metrics = try #require(result.files.first { $0.path == SitePaths.metrics }).text
        #expect(!metrics.split(separator: "\n").contains { $0.hasPrefix("forged_metric") })
        #expect(metrics.contains(#"version="0.5.3\" onload=\"alert(1)&amp;<b>bold</b>"} 1"#))
        let directory = try TemporaryDirectory(prefix: "canton-status-metrics")
        defer { directory.remove() }
        try directory.write("metrics", metrics)
        let promtool = try runTool(["sh", "-c", "exec promtool check metrics < \"$1\"", "sh", directory.url.appendingPathComponent("metrics").path])
        #expect(promtool.status == 0, "promtool: \(promtool.standardOutput)\(promtool.standardError)")
    }

    /// Regression: a name with `"` + U+0301 (one Swift `Character`) passed swift-mustache's escaping
    /// and ended the `aria-label` attribute it sat in, turning the rest into an event handler.
    @Test func aQuoteGluedToACombiningMarkCannotLeaveAnAttribute() throws {
        let glued = String(String.UnicodeScalarView(["\"", "\u{301}"]))
        let configuration = Self.hostileConfiguration.replacingOccurrences(
            of: "name: \"Main<img src=x onerror=alert(1)>Net\"", with: "name: 'Main\(glued) onmouseover=alert(1) x=\(glued)Net'")
        let repository = try siteRepository(["components.yml": configuration])
        defer { repository.remove() }
        let result = try buildSite(in: repository)
        #expect(!result.report.hasErrors, "\(result.report.diagnostics)")
        let overview = try #require(result.files.first { $0.path == "index.html" }).text
        #expect(overview.contains("aria-label=\"Main&quot;\u{301} onmouseover=alert(1) x=&quot;\u{301}Net status\""), "the quote is escaped and the accent kept")
        for file in result.files where file.path.hasSuffix(".html") {
            #expect(!file.text.contains(glued), "\(file.path) kept a quote glued to a combining mark")
        }
    }

    @Test func hostileContentIsInertInFeedsJSONBadgesAndCalendars() throws {
        let result = try Self.hostileSite()
        #expect(!result.report.hasErrors, "\(result.report.diagnostics)")
        var seen: Set<String> = []
        for file in result.files {
            let text = file.text
            let kind = (file.path as NSString).pathExtension
            seen.insert(kind)
            switch kind {
            case "atom", "rss", "xml", "svg":
                // Well-formed XML despite `]]>` and `&`, and no live markup: HTML travels escaped.
                let parser = XMLParser(data: Data(file.bytes))
                #expect(parser.parse(), "\(file.path) is not well-formed XML: \(String(describing: parser.parserError))")
                #expect(!text.lowercased().contains("<script"), "\(file.path) has a script element")
                #expect(!text.lowercased().contains("<img"), "\(file.path) has an image element")
                #expect(!text.contains("javascript:alert"), "\(file.path) kept a javascript: link")
            case "json":
                // No markup characters at all; the parsed strings still hold the text.
                #expect(!text.contains("<") && !text.contains(">"), "\(file.path) has raw markup characters")
                #expect((try? JSONSerialization.jsonObject(with: Data(file.bytes))) != nil, "\(file.path) is not JSON")
            case "ics":
                // The body's newlines are escaped, so it cannot end the event and start a forged one.
                let lines = text.components(separatedBy: "\r\n")
                #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == lines.filter { $0 == "END:VEVENT" }.count)
                #expect(!lines.contains("SUMMARY:forged"), "\(file.path) let the description forge an event")
                #expect(lines.allSatisfy { $0.utf8.count <= 75 }, "\(file.path) has an unfolded line")
                if text.contains("BEGIN:VEVENT") {
                    #expect(text.contains(#"Upgrade\; <b>now</b>\, \\ done"#), "\(file.path) did not escape ; , \\")
                }
            default:
                break
            }
        }
        #expect(seen.isSuperset(of: ["atom", "rss", "json", "ics", "svg", "xml"]), "formats seen: \(seen.sorted())")
        let calendar = try #require(result.files.first { $0.path == SitePaths.calendar(environmentID: "mainnet") }).text
        #expect(calendar.components(separatedBy: "\r\n").filter { $0 == "BEGIN:VEVENT" }.count == 1)
        #expect(calendar.contains("SUMMARY:forged"), "the text itself is kept, inside the description")
    }
}
