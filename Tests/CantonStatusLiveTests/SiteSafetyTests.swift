import CantonStatus
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

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
