public import Model
internal import Status
internal import Site

/// Turns what changed between two revisions, and what the clock says now, into events.
///
/// Pure: it sees parsed documents, never git or the network, so every rule below is tested with
/// plain values.
/// - Each incident update that is new in the later revision is one event: the first is
///   `incident.created`, a `resolved` one `incident.resolved`, any other `incident.updated`. Editing
///   the text of an update already sent sends nothing: subscribers already have it.
/// - A new maintenance window is `maintenance.scheduled` (unless it is already over or cancelled); a
///   changed start, end or expected impact is `maintenance.updated`; operator updates map to
///   `started`, `completed`, `cancelled` or `updated`.
/// - A file renamed (and perhaps given a new update in the same commit) is paired with its old self
///   by meaning, so a rename or reformatting sends nothing.
/// - Windows that follow the clock get `maintenance.started` and `maintenance.completed` when their
///   start and end pass, and reminders 48 h, 24 h and 1 h before the start: only the nearest due
///   one, so a run that missed the 48 h mark does not send two reminders at once.
/// - Nothing older than `maximumAge` is sent: backfilling last year's incidents into the
///   repository must not mail the list.
public struct EventDetector: Sendable {
    public var configuration: Configuration
    public var now: Timestamp
    public var maximumAge: Int64

    public static let defaultMaximumAge: Int64 = 7 * 86_400
    /// Reminder leads, nearest first.
    public static let reminderLeads: [(name: String, seconds: Int64)] = [("1h", 3_600), ("24h", 86_400), ("48h", 172_800)]

    public init(configuration: Configuration, now: Timestamp, maximumAge: Int64 = EventDetector.defaultMaximumAge) {
        self.configuration = configuration
        self.now = now
        self.maximumAge = maximumAge
    }

    /// One document before and after: `old == nil` for a new file, `new == nil` for a deleted one.
    public struct Change<Document: Sendable>: Sendable {
        public var old: Document?
        public var new: Document?

        public init(old: Document?, new: Document?) {
            self.old = old
            self.new = new
        }
    }

    /// Events for the changed files and for the windows that exist at the later revision, each id
    /// once, oldest first.
    public func events(
        incidents: [Change<Incident>], maintenance: [Change<Maintenance>], currentWindows: [Maintenance]
    ) -> [NotificationEvent] {
        var events: [NotificationEvent] = []
        for change in Self.pairRenames(incidents, sameThing: Self.isSameIncident) {
            guard let new = change.new else { continue }
            events += incidentEvents(new, after: change.old)
        }
        for change in Self.pairRenames(maintenance, sameThing: Self.isSameWindow) {
            guard let new = change.new else { continue }
            events += maintenanceEvents(new, after: change.old)
        }
        // A window first posted in this range is announced by `maintenance.scheduled`; its reminders
        // wait for a later run (a reminder before the announcement reads oddly), and a window posted
        // after it ended is a record, not news.
        let posted = Set(maintenance.filter { $0.old == nil }.compactMap(\.new?.id))
        for window in currentWindows where !posted.contains(window.id) {
            events += clockEvents(window)
        }
        for window in currentWindows where posted.contains(window.id) && window.start.value <= now && window.end.value > now {
            events += clockEvents(window).filter { $0.kind == .maintenanceStarted }
        }
        var seen = Set<String>()
        return events
            .filter { now.secondsSince1970 - $0.occurredAt.secondsSince1970 <= maximumAge && seen.insert($0.id).inserted }
            .sorted { ($0.occurredAt, $0.id) < ($1.occurredAt, $1.id) }
    }

    // MARK: Renames

    /// Matches each deleted document with an added one that is the same thing under a new name.
    static func pairRenames<Document>(_ changes: [Change<Document>], sameThing: (Document, Document) -> Bool) -> [Change<Document>] {
        var deleted = changes.filter { $0.new == nil }.compactMap(\.old)
        var result = changes.filter { $0.old != nil && $0.new != nil }
        for added in changes.filter({ $0.old == nil }).compactMap(\.new) {
            if let match = deleted.firstIndex(where: { sameThing($0, added) }) {
                result.append(Change(old: deleted.remove(at: match), new: added))
            } else {
                result.append(Change(old: nil, new: added))
            }
        }
        return result
    }

    /// The old timeline is a prefix of the new one (same times and statuses): renamed, maybe updated.
    static func isSameIncident(_ old: Incident, _ new: Incident) -> Bool {
        guard !old.updates.isEmpty, old.updates.count <= new.updates.count else { return false }
        return zip(old.updates, new.updates).allSatisfy { $0.at.value == $1.at.value && $0.status == $1.status }
    }

    static func isSameWindow(_ old: Maintenance, _ new: Maintenance) -> Bool {
        old.title.value == new.title.value || (old.start.value == new.start.value && old.end.value == new.end.value)
    }

    // MARK: Incidents

    func incidentEvents(_ incident: Incident, after old: Incident?) -> [NotificationEvent] {
        let firstNew = old?.updates.count ?? 0
        guard firstNew < incident.updates.count else { return [] }
        return (firstNew..<incident.updates.count).map { index in
            let update = incident.updates[index]
            let kind: NotificationEvent.Kind = index == 0 ? .incidentCreated
                : update.status == .resolved ? .incidentResolved : .incidentUpdated
            var asOfUpdate = incident
            asOfUpdate.updates = Array(incident.updates.prefix(index + 1))
            return NotificationEvent(
                id: "incident/\(incident.id)/\(index)", kind: kind, occurredAt: update.at.value,
                subject: subject(of: incident, status: update.status.rawValue, text: update.text.value),
                reminderLead: nil, statuspage: statuspage(incident: asOfUpdate, at: update.at.value))
        }
    }

    private func subject(of incident: Incident, status: String, text: String) -> NotificationEvent.Subject {
        NotificationEvent.Subject(
            kind: .incident, id: incident.id, title: incident.title.value,
            url: SitePaths.absolute(SitePaths.incident(incident.id), base: configuration.page.url),
            status: status, impact: incident.severity, environments: named(incident.environments.map(\.value)),
            components: incident.impact.map {
                .init(id: $0.component.value, name: configuration.component($0.component.value)?.name ?? $0.component.value, state: $0.state)
            },
            text: text, window: nil, references: [], automated: incident.automated)
    }

    // MARK: Maintenance

    func maintenanceEvents(_ window: Maintenance, after old: Maintenance?) -> [NotificationEvent] {
        var events: [NotificationEvent] = []
        let firstNew = old?.updates.count ?? 0
        // A window posted already cancelled was never announced here: cancelling it is not news.
        if old == nil, window.status(at: now) == .cancelled { return [] }
        if let old {
            if old.start.value != window.start.value || old.end.value != window.end.value || old.impact.value != window.impact.value {
                let what = "\(window.start.value)/\(window.end.value)/\(window.impact.value.rawValue)"
                events.append(event(.maintenanceUpdated, "maintenance/\(window.id)/changed/\(what)", window,
                                    status: window.status(at: now), text: window.description.value, at: now))
            }
        } else if window.end.value > now {
            events.append(event(.maintenanceScheduled, "maintenance/\(window.id)/scheduled", window, status: .scheduled,
                                text: window.description.value, at: window.updates.first?.at.value ?? now))
        }
        for index in firstNew..<max(firstNew, window.updates.count) {
            let update = window.updates[index]
            let at = update.at.value
            switch update.status {
            case .scheduled where index == 0 && old == nil:
                continue  // the announcement itself: `maintenance.scheduled` above
            case .scheduled, .verifying:
                events.append(event(.maintenanceUpdated, "maintenance/\(window.id)/update/\(index)", window,
                                    status: update.status, text: update.text.value, at: at))
            case .inProgress:
                events.append(event(.maintenanceStarted, "maintenance/\(window.id)/started", window,
                                    status: update.status, text: update.text.value, at: at))
            case .completed:
                events.append(event(.maintenanceCompleted, "maintenance/\(window.id)/completed", window,
                                    status: update.status, text: update.text.value, at: at))
            case .cancelled:
                events.append(event(.maintenanceCancelled, "maintenance/\(window.id)/cancelled", window,
                                    status: update.status, text: update.text.value, at: at))
            }
        }
        return events
    }

    /// Start, end and reminders of a window that follows the clock (no operator update beyond
    /// `scheduled`). Ids match the update-driven ones, so a window started by the clock and then by
    /// an operator's `in-progress` update is announced once.
    func clockEvents(_ window: Maintenance) -> [NotificationEvent] {
        guard window.updates.allSatisfy({ $0.status == .scheduled }) else { return [] }
        let start = window.start.value
        let description = window.description.value
        switch window.status(at: now) {
        case .inProgress:
            return [event(.maintenanceStarted, "maintenance/\(window.id)/started", window, status: .inProgress, text: description, at: start)]
        case .completed:
            return [event(.maintenanceCompleted, "maintenance/\(window.id)/completed", window, status: .completed,
                          text: description, at: window.end.value)]
        case .scheduled:
            let remaining = start.secondsSince1970 - now.secondsSince1970
            guard let lead = Self.reminderLeads.first(where: { $0.seconds >= remaining }) else { return [] }
            var reminder = event(.maintenanceReminder, "maintenance/\(window.id)/reminder/\(lead.name)/\(start)", window,
                                 status: .scheduled, text: description, at: start.adding(seconds: -lead.seconds))
            reminder.reminderLead = lead.name
            return [reminder]
        case .verifying, .cancelled:
            return []
        }
    }

    private func event(
        _ kind: NotificationEvent.Kind, _ id: String, _ window: Maintenance, status: MaintenanceStatus, text: String, at time: Timestamp
    ) -> NotificationEvent {
        let subject = NotificationEvent.Subject(
            kind: .maintenance, id: window.id, title: window.title.value,
            url: SitePaths.absolute(SitePaths.maintenance(window.id), base: configuration.page.url),
            status: status.rawValue, impact: window.impact.value, environments: named(window.environments.map(\.value)),
            components: window.components.map {
                .init(id: $0.value, name: configuration.component($0.value)?.name ?? $0.value, state: window.impact.value)
            },
            text: text, window: .init(start: window.start.value, end: window.end.value), references: window.references,
            automated: false)
        return NotificationEvent(id: id, kind: kind, occurredAt: time, subject: subject, reminderLead: nil,
                                 statuspage: statuspage(window: window))
    }

    // MARK: Shared

    private func named(_ environmentIDs: [String]) -> [NotificationEvent.Named] {
        environmentIDs.map { .init(id: $0, name: configuration.environment($0)?.name ?? $0) }
    }

    /// The Statuspage object exactly as the site's `api/v2/` shows it, on the first network it names.
    private func statuspage(incident: Incident, at time: Timestamp) -> APIJSON {
        let scope = configuration.scoped(to: incident.environments.first?.value, components: incident.impact.map(\.component.value))
        let snapshot = StatusSnapshot(content: StatusContent(configuration: scope, incidents: [incident], maintenance: []), now: time)
        guard let environment = snapshot.environments.first else { return .null }
        return StatuspageAPI(snapshot: snapshot, environment: environment).incident(incident)
    }

    private func statuspage(window: Maintenance) -> APIJSON {
        let scope = configuration.scoped(to: window.environments.first?.value, components: window.components.map(\.value))
        let snapshot = StatusSnapshot(content: StatusContent(configuration: scope, incidents: [], maintenance: [window]), now: now)
        guard let environment = snapshot.environments.first else { return .null }
        return StatuspageAPI(snapshot: snapshot, environment: environment).maintenance(window)
    }
}

private extension Configuration {
    /// Only one network and the components an event names: a snapshot of the whole page (every
    /// component's year of uptime) per event would cost more than the rest of `notify` together.
    func scoped(to environmentID: String?, components componentIDs: [String]) -> Configuration {
        var scoped = self
        scoped.environments = environments.filter { $0.id.value == environmentID }
        scoped.components = components.filter { componentIDs.contains($0.id.value) }
        return scoped
    }
}
