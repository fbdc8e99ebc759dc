/// The state of a component or the impact of an incident, in the words of the status-page CIP.
///
/// Cases are ordered by severity so "the worst state" is simply `max()`. `underMaintenance` is never
/// written in an incident; it is what a component shows inside an active maintenance window.
public enum ComponentState: String, CaseIterable, Sendable, Comparable, Codable {
    case operational
    case underMaintenance = "under-maintenance"
    case degradedPerformance = "degraded-performance"
    case partialOutage = "partial-outage"
    case majorOutage = "major-outage"

    var severity: Int {
        switch self {
        case .operational: 0
        case .underMaintenance: 1
        case .degradedPerformance: 2
        case .partialOutage: 3
        case .majorOutage: 4
        }
    }

    public static func < (lhs: ComponentState, rhs: ComponentState) -> Bool { lhs.severity < rhs.severity }

    /// States an operator may declare as an incident's impact or a maintenance window's expected state.
    public static let declarable: [ComponentState] = [.operational, .degradedPerformance, .partialOutage, .majorOutage]
}

/// Where an incident stands, as its latest update says.
public enum IncidentStatus: String, CaseIterable, Sendable, Codable {
    case investigating, identified, monitoring, resolved
}

/// Where a maintenance window stands when an operator posts updates; without updates it follows the clock.
public enum MaintenanceStatus: String, CaseIterable, Sendable, Codable {
    case scheduled
    case inProgress = "in-progress"
    case verifying, completed, cancelled
}
