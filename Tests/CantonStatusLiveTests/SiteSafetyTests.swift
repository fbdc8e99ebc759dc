import CantonStatus
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
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

    @Test func hostileContentIsInertInEveryPage() throws {
        let repository = try siteRepository([
            "components.yml": Self.hostileConfiguration, "incidents/2026-11-20-hostile.md": Self.hostileIncident,
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
}
