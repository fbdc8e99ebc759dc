import Site
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing
internal import Validation

/// The site built from the repository's content plus probe history (`MeasuredWorld`): what was
/// measured beside what was declared, and the precedence between them in every format.
@Suite struct MeasuredSiteTests {
    static func site() throws -> [String: OutputFile] {
        let repository = try measuredContentRepository()
        defer { repository.remove() }
        let result = try buildSite(in: repository)
        #expect(!result.report.hasErrors, "\(result.report.diagnostics)")
        return Dictionary(result.files.map { ($0.path, $0) }) { first, _ in first }
    }

    static func page(_ files: [String: OutputFile], _ path: String) throws -> String {
        try #require(files[path], "missing \(path)").text
    }

    /// `status` of each component in a Statuspage `components` array, by id.
    static func statuspageStates(_ file: OutputFile?) throws -> [String: String] {
        let data = Data(try #require(file).bytes)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let components = try #require(root["components"] as? [[String: Any]])
        var states: [String: String] = [:]
        for component in components where component["group"] as? Bool == false {
            states[component["id"] as? String ?? ""] = component["status"] as? String
        }
        return states
    }

    @Test func twoVantagesDisagreeingShowTheHealthyState() throws {
        let files = try Self.site()
        // `ci` saw the Scan API down since 09:00, `cluster-eu` did not; MainNet needs both.
        let page = try Self.page(files, "mainnet/components/scan-api.html")
        #expect(page.contains("<span class=\"state state-operational\">"))
        #expect(page.contains("Measured by the probes"))
        #expect(try Self.statuspageStates(files["mainnet/api/v2/components.json"])["scan-api"] == "operational")
    }

    @Test func aMeasuredOutageWithoutAnIncidentIsShownEverywhere() throws {
        let files = try Self.site()
        let page = try Self.page(files, "mainnet/components/sv-app.html")
        #expect(page.contains("<span class=\"state state-major-outage\">"))
        #expect(page.contains("Probes: <bdi>HTTP 503</bdi>"))
        #expect(try Self.statuspageStates(files["mainnet/api/v2/components.json"])["sv-app"] == "major_outage")
        #expect(try Self.statuspageStates(files["mainnet/api/v2/summary.json"])["sv-app"] == "major_outage")
        let summaryFile = try #require(files["mainnet/api/v2/summary.json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(summaryFile.bytes)) as? [String: Any])
        #expect((summary["status"] as? [String: Any])?["indicator"] as? String == "critical")
        let component = (summary["components"] as? [[String: Any]])?.first { $0["id"] as? String == "sv-app" }
        #expect(component?["updated_at"] as? String == "2026-11-24T10:01:00Z", "when both vantages saw the outage")
        let metrics = try Self.page(files, "metrics")
        #expect(metrics.contains(#"canton_status_component_state{environment="mainnet",component="sv-app",state="major-outage"} 1"#))
        #expect(metrics.contains(#"canton_status_component_state_source{environment="mainnet",component="sv-app",source="measured"} 1"#))
        let badge = try Self.page(files, "mainnet/badges/sv-app.json")
        #expect(badge.contains("\"major outage\""))
        let overview = try Self.page(files, "index.html")
        #expect(overview.contains("MainNet</a>: major outage"))
    }

    @Test func anOpenIncidentOverridesTheMeasuredState() throws {
        let files = try Self.site()
        // TestNet's Scan API is measured down, but the open incident declares degraded performance.
        let page = try Self.page(files, "testnet/components/scan-api.html")
        #expect(page.contains("<span class=\"state state-degraded-performance\">"))
        #expect(page.contains("Declared by an open incident or maintenance window"))
        #expect(!page.contains("Probes: "), "the measured reason is not the shown state's")
        #expect(try Self.statuspageStates(files["testnet/api/v2/components.json"])["scan-api"] == "degraded_performance")
        let metrics = try Self.page(files, "metrics")
        #expect(metrics.contains(#"canton_status_component_severity{environment="testnet",component="scan-api"} 2"#))
        #expect(metrics.contains(#"canton_status_measured_severity{environment="testnet",component="scan-api"} 4"#))
    }

    @Test func aStaleVantageWarnsAndItsStateIsNotShown() throws {
        let files = try Self.site()
        for path in ["index.html", "devnet/index.html"] {
            let page = try Self.page(files, path)
            #expect(page.contains("<p class=\"probe stale\">"), "\(path) has no stale warning")
            #expect(page.contains("<time datetime=\"2026-11-24T09:00:00Z\">24 Nov 2026, 09:00 UTC</time>, 3 h ago"))
        }
        #expect(try Self.page(files, "mainnet/index.html").contains("Last probed <time datetime=\"2026-11-24T11:46:00Z\">"))
        // DevNet's last run saw rounds stalled; stale, so the page shows what is declared: nothing.
        #expect(try Self.page(files, "devnet/components/rounds.html").contains("No incident declared; not probed recently"))
        #expect(try Self.statuspageStates(files["devnet/api/v2/components.json"])["rounds"] == "operational")
        #expect(try Self.page(files, "metrics").contains(#"canton_status_probe_stale{environment="devnet"} 1"#))
    }

    /// MainNet asks two vantages to agree (`vantages: 2`); with one reporting, no probed state can be
    /// shown, and the banner says why instead of only "last probed".
    @Test func fewerVantagesThanTheQuorumSayMeasuredStatesAreNotShown() throws {
        let repository = try measuredContentRepository()
        defer { repository.remove() }
        try FileManager.default.removeItem(at: repository.url.appendingPathComponent("history/mainnet/cluster-eu"))
        let result = try buildSite(in: repository)
        let files = Dictionary(result.files.map { ($0.path, $0) }) { first, _ in first }
        let line = "<strong>1 of 2 probers reporting: measured states not shown.</strong> States show only what incidents and maintenance declare."
        for path in ["index.html", "mainnet/index.html"] {
            let page = try Self.page(files, path)
            #expect(page.contains(line), "\(path)")
            #expect(page.contains("Last probed <time datetime=\"2026-11-24T11:45:00Z\">24 Nov 2026, 11:45 UTC</time>.</p>"), "\(path)")
        }
        // `ci` alone saw the SV app down: not shown, since it cannot decide alone.
        #expect(try Self.page(files, "mainnet/components/sv-app.html").contains("<span class=\"state state-operational\">"))
        // The full quorum reporting shows no such line.
        let full = try Self.site()
        #expect(!(try Self.page(full, "mainnet/index.html")).contains("probers reporting"))
        // One vantage and no `vantages:` setting: that one decides, so nothing is said.
        #expect(!(try Self.page(full, "testnet/index.html")).contains("probers reporting"))
    }

    @Test func measuredUptimeStandsBesideDeclaredUptime() throws {
        let files = try Self.site()
        let page = try Self.page(files, "mainnet/components/sv-app.html")
        // Down 10:01–12:00 (119 min) of the last 24 h; measured since 2026-11-21T00:00Z, so the
        // longer windows count 84 h: 1 − 119/1440 and 1 − 119/5040.
        let measured = try #require(page.firstMatch(of: /<th scope="row">Measured uptime<\/th>(.*?)<\/tr>/)?.output.1)
        #expect(measured == "<td>91.73 %</td><td>97.63 %</td><td>97.63 %</td><td>97.63 %</td><td>97.63 %</td>")
        let declared = try #require(page.firstMatch(of: /<th scope="row">Declared uptime<\/th>(.*?)<\/tr>/)?.output.1)
        #expect(declared == "<td>100 %</td><td>100 %</td><td>100 %</td><td>100 %</td><td>100 %</td>")
        let metrics = try Self.page(files, "metrics")
        #expect(metrics.contains(#"canton_status_measured_uptime_ratio{environment="mainnet",component="sv-app",window="24h"} 0.9173611111111111"#))
        // The bar's last day is measured: red for the outage nobody declared.
        #expect(page.contains("<title>24 Nov: major outage</title>"))
        #expect(page.contains("The probes measured 4 of the days"))
    }

    @Test func theNetworkPageHasTheSVMatrixDriftAndAnnouncement() throws {
        let files = try Self.site()
        let page = try Self.page(files, "mainnet/index.html")
        let table = try #require(page.firstMatch(of: /<table class="matrix">(.*?)<\/table>/.dotMatchesNewlines())?.output.1)
        let rows = table.matches(of: /<tr><th scope="row"><bdi>([^<]*)<\/bdi><\/th>/).map { String($0.output.1) }
        #expect(rows == ["Cumberland-1", "Digital-Asset-1", "Five-North-1", "Global-Synchronizer-Foundation"])
        #expect(table.contains("<th scope=\"col\">Scan ready</th><th scope=\"col\">Sequencer</th><th scope=\"col\">Version</th>"
            + "<th scope=\"col\">Latest round</th><th scope=\"col\">Scan latency</th>"))
        #expect(table.contains("round 12343, 2 behind"))
        #expect(table.contains(" ms</bdi></td></tr>"), "cluster-eu ran last and reached every Scan")
        #expect(table.contains("<bdi>0.5.2</bdi><br><span class=\"quiet\"><bdi>differs from 3 on 0.5.3</bdi></span>"))
        #expect(page.contains("<strong>Version drift:</strong> 3 on 0.5.3, 1 on 0.5.2."))
        #expect(page.contains("Synchronizer upgrade to migration id 5"))
        #expect(page.contains("announced by the network, not yet posted here"))
        // The components, notices and incidents are on the network page too (it used to be empty).
        #expect(page.contains("class=\"component\""))
        #expect(page.contains("Upcoming maintenance"))
        // TestNet's announced upgrade falls inside its posted window, so only the window shows.
        let testnet = try Self.page(files, "testnet/index.html")
        #expect(!testnet.contains("Announced by the network"))
        #expect(testnet.contains("Upcoming maintenance"))
        // The overview stays light: no matrix.
        #expect(!(try Self.page(files, "index.html")).contains("class=\"matrix\""))
    }

    /// What the measurements mean for the BFT fault budget, from the agreed SV count (five, one
    /// publishing nothing) and the voting threshold (4), in every place the issue names.
    @Test func theFaultBudgetIsOnTheNetworkPageTheAPIAndTheMetrics() throws {
        let files = try Self.site()
        let page = try Self.page(files, "mainnet/index.html")
        let section = try #require(page.firstMatch(of: /<section aria-labelledby="budget">(.*?)<\/section>/.dotMatchesNewlines())?.output.1)
        #expect(section.contains("5 SVs, so up to 1 may fail · voting threshold 4 · sequencers of physical synchronizer serial 1."))
        #expect(section.contains("Sequencers: 4 of 5 serving; ordering needs 4 and halts if 1 more fails</li>"))
        #expect(section.contains("Scans: 4 of 5 ready; a verified read needs 2 that agree, so 2 more can fail</li>"))
        #expect(section.contains("In the DSO rules but publishing no Scan: <bdi>Proof-Group-1</bdi>."))
        #expect(!(try Self.page(files, "testnet/index.html")).contains("Fault budget"), "TestNet's runs describe no network")

        let components = try #require(files["mainnet/api/v2/components.json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(components.bytes)) as? [String: Any])
        let byID = Dictionary(((root["components"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0) }) { first, _ in first }
        let sequencers = try #require(byID["sequencers"]?["description"] as? String)
        #expect(sequencers.hasSuffix(" Sequencers: 4 of 5 serving; ordering needs 4 and halts if 1 more fails."))
        #expect((byID["rounds"]?["description"] as? String)?.contains("ordering") == false, "rounds probe no sequencers")

        let metrics = try #require(files["metrics"]).text
        #expect(metrics.contains("canton_status_fault_budget{environment=\"mainnet\",layer=\"sequencers\"} 0\n"))
        #expect(metrics.contains("canton_status_fault_budget{environment=\"mainnet\",layer=\"scans\"} 2\n"))
        #expect(!metrics.contains("canton_status_fault_budget{environment=\"testnet\""))
    }

    @Test func componentPagesHaveLatencyChartsWithTextAlternatives() throws {
        let files = try Self.site()
        let page = try Self.page(files, "mainnet/components/scan-api.html")
        let charts = page.matches(of: /<figure class="chart">.*?<\/figure>/).map { String($0.output) }
        #expect(charts.count == 2, "a daily chart and a 24-hour chart")
        for chart in charts {
            #expect(chart.contains("<svg viewBox=\"0 0 600 150\" role=\"img\""))
            #expect(chart.contains("<title>Scan API on MainNet: latency"))
            #expect(chart.contains("<p class=\"visually-hidden\">Scan API on MainNet: latency"))
            #expect(chart.contains("class=\"p50\""))
        }
        #expect(charts[0].contains("class=\"p95\"") && charts[0].contains("stroke-dasharray"))
        #expect(charts[0].contains("Median latency per day over the last 90 days"))
        #expect(charts[1].contains("runs failed"), "ci's failed runs since 09:00 are counted")
        // Targets of the freshest vantage, one row each.
        #expect(page.contains("<h2 id=\"targets\">Targets as last probed</h2>"))
        #expect(page.components(separatedBy: "<tr><th scope=\"row\"><bdi>").count - 1 == 4)
    }

    @Test func withoutHistoryNothingMeasuredIsShown() throws {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        let files = try buildSite(in: repository).files
        for file in files where file.path.hasSuffix(".html") {
            #expect(!file.text.contains("class=\"probe"), "\(file.path)")
            #expect(!file.text.contains("<figure class=\"chart\">"), "\(file.path)")
        }
        let metrics = try #require(files.first { $0.path == "metrics" }).text
        #expect(!metrics.contains("canton_status_measured"))
    }

    @Test func sameHistoryGivesIdenticalBytes() throws {
        let repository = try measuredContentRepository()
        defer { repository.remove() }
        #expect(try buildSite(in: repository).files == buildSite(in: repository).files)
    }
}
