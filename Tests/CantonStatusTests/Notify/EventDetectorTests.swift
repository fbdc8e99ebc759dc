@testable import Model
@testable import Validation
@testable import Site
@testable import Notify
import Foundation
import Testing

/// Which events a change produces, on plain parsed documents.
@Suite struct EventDetectorTests {
    static let configuration = try! #require(ContentParser.configuration(Array(baseConfiguration.utf8)).document)

    static func time(_ text: String) -> Timestamp { try! Timestamp.parse(text).get() }

    static func incident(_ updates: [(String, String)], id: String = "2026-11-24-scan-errors", title: String = "Scan errors") -> Incident {
        let timeline = updates.map { "  - at: \($0.0)\n    status: \($0.1)\n    text: Update at \($0.0)." }.joined(separator: "\n")
        let text = "---\ntitle: \(title)\nenvironments: [mainnet]\nimpact: {scan-api: major-outage}\nupdates:\n\(timeline)\n---\n"
        let parsed = ContentParser.incident(Array(text.utf8), path: "incidents/\(id).md")
        return try! #require(parsed.document, "\(parsed.diagnostics)")
    }

    static func window(start: String = "2026-12-10T14:00Z", end: String = "2026-12-10T16:00Z", impact: String = "partial-outage",
                       updates: [(String, String)] = [], id: String = "2026-12-10-upgrade", title: String = "Upgrade") -> Maintenance {
        let timeline = updates.isEmpty ? "" : "updates:\n" + updates.map { "  - at: \($0.0)\n    status: \($0.1)\n    text: Note." }.joined(separator: "\n") + "\n"
        let text = "---\ntitle: \(title)\nstart: \(start)\nend: \(end)\nenvironments: [mainnet]\ncomponents: [sequencers]\nimpact: \(impact)\n\(timeline)---\nBody.\n"
        let parsed = ContentParser.maintenance(Array(text.utf8), path: "maintenance/\(id).md")
        return try! #require(parsed.document, "\(parsed.diagnostics)")
    }

    static func detector(_ now: String) -> EventDetector { EventDetector(configuration: configuration, now: time(now)) }

    static func summary(_ events: [NotificationEvent]) -> [String] { events.map { "\($0.kind.rawValue) \($0.id)" } }

    @Test func eachNewUpdateIsOneEvent() {
        let old = Self.incident([("2026-11-24T10:00Z", "investigating")])
        let new = Self.incident([("2026-11-24T10:00Z", "investigating"), ("2026-11-24T10:30Z", "monitoring"), ("2026-11-24T11:00Z", "resolved")])
        let created = Self.detector("2026-11-24T10:05Z").events(incidents: [.init(old: nil, new: old)], maintenance: [], currentWindows: [])
        let later = Self.detector("2026-11-24T11:05Z").events(incidents: [.init(old: old, new: new)], maintenance: [], currentWindows: [])

        #expect(Self.summary(created) == ["incident.created incident/2026-11-24-scan-errors/0"])
        #expect(Self.summary(later) == ["incident.updated incident/2026-11-24-scan-errors/1", "incident.resolved incident/2026-11-24-scan-errors/2"])
        #expect(later.map(\.subject.status) == ["monitoring", "resolved"])
        #expect(later.map(\.occurredAt) == [Self.time("2026-11-24T10:30Z"), Self.time("2026-11-24T11:00Z")])
        #expect(later[0].subject.components.map(\.name) == ["Scan API"])
        #expect(later[0].subject.url == "https://status.example.org/incidents/2026-11-24-scan-errors.html")
    }

    @Test func theStatuspageObjectIsAsOfTheEvent() throws {
        let new = Self.incident([("2026-11-24T10:00Z", "investigating"), ("2026-11-24T11:00Z", "resolved")])
        let events = Self.detector("2026-11-24T11:05Z").events(incidents: [.init(old: nil, new: new)], maintenance: [], currentWindows: [])
        guard case .object(let first) = events[0].statuspage, case .object(let last) = events[1].statuspage else {
            Issue.record("no Statuspage objects")
            return
        }
        #expect(first["status"] == .string("investigating"))
        #expect(first["resolved_at"] == .null)
        #expect(last["status"] == .string("resolved"))
        #expect(last["impact"] == .string("critical"))
    }

    @Test func editingSentTextOrRenamingSendsNothing() {
        let old = Self.incident([("2026-11-24T10:00Z", "investigating")])
        var edited = old
        edited.updates[0].text.value = "Corrected typo."
        var renamed = old
        renamed.id = "2026-11-24-scan-api-errors"
        let events = Self.detector("2026-11-24T10:05Z").events(
            incidents: [.init(old: old, new: edited), .init(old: old, new: nil), .init(old: nil, new: renamed)],
            maintenance: [], currentWindows: [])
        #expect(events.isEmpty, "\(Self.summary(events))")
    }

    @Test func aRenameWithANewUpdateSendsOnlyTheUpdate() {
        let old = Self.incident([("2026-11-24T10:00Z", "investigating")])
        let renamed = Self.incident([("2026-11-24T10:00Z", "investigating"), ("2026-11-24T10:20Z", "identified")], id: "2026-11-24-better-name")
        let events = Self.detector("2026-11-24T10:25Z").events(
            incidents: [.init(old: old, new: nil), .init(old: nil, new: renamed)], maintenance: [], currentWindows: [])
        #expect(Self.summary(events) == ["incident.updated incident/2026-11-24-better-name/1"])
    }

    @Test func backfilledHistoryIsNotNews() {
        let old = Self.incident([("2026-10-01T10:00Z", "investigating"), ("2026-10-01T12:00Z", "resolved")], id: "2026-10-01-old")
        let events = Self.detector("2026-11-24T10:00Z").events(incidents: [.init(old: nil, new: old)], maintenance: [], currentWindows: [])
        #expect(events.isEmpty)
    }

    @Test func maintenanceChanges() {
        let window = Self.window()
        let moved = Self.window(start: "2026-12-11T14:00Z", end: "2026-12-11T16:00Z")
        let cancelled = Self.window(updates: [("2026-12-09T09:00Z", "cancelled")])
        let detector = Self.detector("2026-12-09T10:00Z")
        #expect(Self.summary(detector.maintenanceEvents(window, after: nil)) == ["maintenance.scheduled maintenance/2026-12-10-upgrade/scheduled"])
        #expect(Self.summary(detector.maintenanceEvents(moved, after: window)) == [
            "maintenance.updated maintenance/2026-12-10-upgrade/changed/2026-12-11T14:00:00Z/2026-12-11T16:00:00Z/partial-outage",
        ])
        #expect(Self.summary(detector.maintenanceEvents(cancelled, after: window)) == ["maintenance.cancelled maintenance/2026-12-10-upgrade/cancelled"])
        #expect(detector.maintenanceEvents(cancelled, after: nil).isEmpty, "a window posted already cancelled is not announced")
        let past = Self.window(start: "2026-11-01T14:00Z", end: "2026-11-01T16:00Z")
        #expect(detector.maintenanceEvents(past, after: nil).isEmpty, "a window recorded after it ended is not announced")
    }

    @Test func operatorUpdatesAndTheClockShareIDs() {
        let window = Self.window()
        let started = Self.window(updates: [("2026-12-10T14:02Z", "in-progress")])
        let byUpdate = Self.detector("2026-12-10T14:05Z").maintenanceEvents(started, after: window)
        let byClock = Self.detector("2026-12-10T14:05Z").clockEvents(window)
        #expect(byUpdate.map(\.id) == ["maintenance/2026-12-10-upgrade/started"])
        #expect(byClock.map(\.id) == byUpdate.map(\.id))
        #expect(Self.detector("2026-12-10T14:05Z").clockEvents(started).isEmpty, "an operator-driven window is not also driven by the clock")
    }

    struct ReminderCase: Sendable, CustomTestStringConvertible {
        var now: String
        var expected: [String]
        var testDescription: String { now }
    }

    @Test(arguments: [
        ReminderCase(now: "2026-12-08T13:59Z", expected: []),
        ReminderCase(now: "2026-12-08T14:00Z", expected: ["maintenance/2026-12-10-upgrade/reminder/48h/2026-12-10T14:00:00Z"]),
        ReminderCase(now: "2026-12-09T13:00Z", expected: ["maintenance/2026-12-10-upgrade/reminder/48h/2026-12-10T14:00:00Z"]),
        ReminderCase(now: "2026-12-09T14:00Z", expected: ["maintenance/2026-12-10-upgrade/reminder/24h/2026-12-10T14:00:00Z"]),
        ReminderCase(now: "2026-12-10T13:30Z", expected: ["maintenance/2026-12-10-upgrade/reminder/1h/2026-12-10T14:00:00Z"]),
        ReminderCase(now: "2026-12-10T14:00Z", expected: ["maintenance/2026-12-10-upgrade/started"]),
        ReminderCase(now: "2026-12-10T16:00Z", expected: ["maintenance/2026-12-10-upgrade/completed"]),
        ReminderCase(now: "2026-12-20T16:00Z", expected: []),
    ])
    func clockEventsFollowTheWindow(_ reminder: ReminderCase) {
        let events = Self.detector(reminder.now).events(incidents: [], maintenance: [], currentWindows: [Self.window()])
        #expect(events.map(\.id) == reminder.expected)
    }

    @Test func aWindowPostedAfterItEndedOrJustNowSendsNoClockEvents() {
        let past = Self.window(start: "2026-12-10T10:00Z", end: "2026-12-10T11:00Z")
        let late = Self.detector("2026-12-10T12:00Z").events(incidents: [], maintenance: [.init(old: nil, new: past)], currentWindows: [past])
        #expect(late.isEmpty, "\(Self.summary(late))")
        // Posted two hours ahead: announced, and no reminder in the same run.
        let soon = Self.window()
        let posted = Self.detector("2026-12-10T12:00Z").events(incidents: [], maintenance: [.init(old: nil, new: soon)], currentWindows: [soon])
        #expect(posted.map(\.kind) == [.maintenanceScheduled])
        // The next run, with nothing new in its range, sends the nearest reminder.
        let next = Self.detector("2026-12-10T12:05Z").events(incidents: [], maintenance: [], currentWindows: [soon])
        #expect(next.map(\.id) == ["maintenance/2026-12-10-upgrade/reminder/24h/2026-12-10T14:00:00Z"])
        #expect(EventWording.headline(next[0]) == "Reminder: maintenance starts 2026-12-10 14:00 UTC")
    }

    @Test func aMovedWindowGetsFreshReminders() {
        let moved = Self.window(start: "2026-12-11T14:00Z", end: "2026-12-11T16:00Z")
        let events = Self.detector("2026-12-09T14:30Z").events(incidents: [], maintenance: [], currentWindows: [moved])
        #expect(events.map(\.id) == ["maintenance/2026-12-10-upgrade/reminder/48h/2026-12-11T14:00:00Z"])
        #expect(events.first?.reminderLead == "48h")
    }

    @Test func eventsSurviveTheLedgerRoundTrip() throws {
        let events = Self.detector("2026-11-24T10:05Z").events(
            incidents: [.init(old: nil, new: Self.incident([("2026-11-24T10:00Z", "investigating")]))], maintenance: [], currentWindows: [])
        var ledger = NotificationLedger()
        ledger.owe(events[0], to: "partners")
        let decoded = try NotificationLedger.decode(ledger.encoded())
        #expect(decoded == ledger)
        #expect(decoded.pending.values.first?.event == events[0])
    }
}
