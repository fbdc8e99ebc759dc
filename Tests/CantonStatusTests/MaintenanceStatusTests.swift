@testable import Model
@testable import Content
@testable import Validation
import CantonStatusTestSupport
import Testing

/// A window's state by the clock and by the operator's updates, as the site, feeds and API show it.
@Suite struct MaintenanceStatusTests {
    static func window(updates: String) throws -> Maintenance {
        let file = """
            ---
            title: TestNet upgrade
            start: 2026-12-03T13:00Z
            end: 2026-12-03T19:00Z
            environments: [testnet]
            components: [sequencers]
            impact: major-outage
            \(updates)
            ---
            Paused while the synchronizer migrates.

            """
        let fileSystem = InMemoryFileSystem(["components.yml": baseConfiguration, "maintenance/2026-12-03-upgrade.md": file])
        let report = try ContentValidator(now: fixedNow).validate(fileSystem, history: FixedHistory(commits: FirstCommits()))
        #expect(!report.hasErrors, "\(report.diagnostics)")
        return try #require(report.content?.maintenance.first)
    }

    static let before = try! Timestamp.parse("2026-12-03T12:00Z").get()
    static let during = try! Timestamp.parse("2026-12-03T14:00Z").get()
    static let after = try! Timestamp.parse("2026-12-03T20:00Z").get()

    @Test func withoutUpdatesTheClockDecides() throws {
        let window = try Self.window(updates: "")
        #expect(window.status(at: Self.before) == .scheduled)
        #expect(window.status(at: Self.during) == .inProgress)
        #expect(window.status(at: Self.after) == .completed)
    }

    @Test func aScheduledUpdateDoesNotFreezeTheWindow() throws {
        let window = try Self.window(updates: """
            updates:
              - {at: 2026-11-20T10:00Z, status: scheduled, text: Announced.}
            """)
        #expect(window.status(at: Self.before) == .scheduled)
        #expect(window.status(at: Self.during) == .inProgress)
        #expect(window.status(at: Self.after) == .completed)
    }

    @Test func otherUpdatesWinOverTheClock() throws {
        let cancelled = try Self.window(updates: """
            updates:
              - {at: 2026-11-20T10:00Z, status: cancelled, text: Postponed to January.}
            """)
        #expect(cancelled.status(at: Self.during) == .cancelled)
        let verifying = try Self.window(updates: """
            updates:
              - {at: 2026-11-23T18:50Z, status: verifying, text: Restarted; checking rounds.}
            """)
        #expect(verifying.status(at: Self.after) == .verifying)
    }
}
