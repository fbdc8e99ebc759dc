@testable import Model
@testable import Status
@testable import Site
@testable import Probing
import CantonStatusTestSupport
import Foundation
import Testing
internal import Validation

/// What the site shows of a network the probes could not judge, and of an upgrade the network
/// announces without a posted window: DevNet of the repository's own content, probed every 15
/// minutes up to a minute before `siteNow`.
@Suite struct NetworkJudgementSiteTests {
    static let upgrade = Announcement(kind: Announcement.logicalUpgrade, at: siteNow.adding(seconds: 30 * 3600), migrationID: nil,
                                      serial: 2, protocolVersion: "34", topologyFreezeAt: siteNow.adding(seconds: 6 * 3600))

    static func build(unjudgedFrom: Timestamp) throws -> SiteBuilder.Result {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        var history = HistoryFixture()
        history.probe("devnet", vantage: "ci", from: siteNow.adding(seconds: -86_400), to: siteNow.adding(seconds: -60),
                      announcements: [upgrade]) { at in
            let judged = at < unjudgedFrom
            return ["sequencers", "scan-api", "sv-app", "versions"].map { MeasuredWorld.operational($0, at: at) } + [
                ComponentResult(component: "rounds", state: judged ? .operational : nil,
                                reason: judged ? nil : "not measured: no quorum of Scans on the SV set: 1 of 4 Scans answered, at most 1 agree, 2 must agree",
                                targets: []),
            ]
        }
        try history.write(into: repository)
        return try buildSite(in: repository)
    }

    @Test func aComponentTheProbesCouldNotJudgeSaysSoAndStaysOperational() throws {
        let result = try Self.build(unjudgedFrom: siteNow.adding(seconds: -3 * 3600))
        let files = Dictionary(result.files.map { ($0.path, $0) }) { first, _ in first }
        let page = try #require(files["devnet/components/rounds.html"]).text
        #expect(page.contains("No incident declared; not measured: no quorum of Scans on the SV set: 1 of 4 Scans answered"))
        #expect(page.contains("state-operational"))
        let network = try #require(files["devnet/index.html"]).text
        #expect(network.contains("<bdi>not measured: no quorum of Scans on the SV set"))
        let summary = try #require(files["devnet/api/v2/components.json"]).text
        #expect(!summary.contains("major_outage") && !summary.contains("partial_outage"))
        // The three hours not judged are a gap in measured uptime, not downtime.
        let metrics = try #require(files["metrics"]).text
        #expect(metrics.contains("canton_status_measured_uptime_ratio{environment=\"devnet\",component=\"rounds\",window=\"24h\"} 1\n"))
    }

    @Test func anAnnouncedUpgradeWithoutAWindowIsShownAndWarnedAbout() throws {
        let result = try Self.build(unjudgedFrom: siteNow)
        let warnings = result.report.diagnostics.filter { $0.rule == .unpostedUpgrade }
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.severity == .warning)
        #expect(warning.location?.path == "components.yml")
        #expect(warning.message == "DevNet announces a logical synchronizer upgrade to serial 2 (protocol version 34) at 2026-11-25T18:00:00Z (in 30 h); topology freezes at 2026-11-24T18:00:00Z, and no maintenance window is posted for it")
        #expect(!result.report.hasErrors, "a warning, not an error: the page still builds")
        let files = Dictionary(result.files.map { ($0.path, $0) }) { first, _ in first }
        let page = try #require(files["devnet/index.html"]).text
        #expect(page.contains("<h3>Logical synchronizer upgrade to serial 2 (protocol version 34)</h3>"))
        #expect(page.contains("topology changes freeze at"))
    }

    /// More than `maintenance_notice` (48 h) ahead, an unposted upgrade is shown but not yet warned about.
    @Test func anUpgradeFurtherAheadThanTheNoticeIsNotWarnedAbout() throws {
        let result = try SiteBuilderCase.build(announcementIn: 50 * 3600)
        #expect(!result.report.diagnostics.contains { $0.rule == .unpostedUpgrade })
    }
}

/// A DevNet build with one logical upgrade announced `seconds` after `siteNow`.
enum SiteBuilderCase {
    static func build(announcementIn seconds: Int64) throws -> SiteBuilder.Result {
        let repository = try ownContentRepository()
        defer { repository.remove() }
        var history = HistoryFixture()
        let upgrade = Announcement(kind: Announcement.logicalUpgrade, at: siteNow.adding(seconds: seconds), migrationID: nil, serial: 2)
        history.probe("devnet", vantage: "ci", from: siteNow.adding(seconds: -3600), to: siteNow.adding(seconds: -60), announcements: [upgrade]) { at in
            ["rounds", "sequencers", "scan-api", "sv-app", "versions"].map { MeasuredWorld.operational($0, at: at) }
        }
        try history.write(into: repository)
        return try buildSite(in: repository)
    }
}
