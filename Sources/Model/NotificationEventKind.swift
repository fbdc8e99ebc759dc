/// The kinds of change `notify` tells subscribers about. Named here, below both the validation
/// that checks a target's `events:` filter and the notifier that sends them.
public enum NotificationEventKind: String, Codable, CaseIterable, Sendable {
    case incidentCreated = "incident.created"
    case incidentUpdated = "incident.updated"
    case incidentResolved = "incident.resolved"
    case maintenanceScheduled = "maintenance.scheduled"
    case maintenanceUpdated = "maintenance.updated"
    case maintenanceCancelled = "maintenance.cancelled"
    case maintenanceStarted = "maintenance.started"
    case maintenanceCompleted = "maintenance.completed"
    case maintenanceReminder = "maintenance.reminder"

    /// Every event name, as filters in `components.yml` write them.
    public static let names = allCases.map(\.rawValue)
}
