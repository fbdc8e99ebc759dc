internal import Model
internal import Validation

/// Our state and status ids in Statuspage's words, so Statuspage clients and aggregators read the
/// `api/v2/` files unchanged.
///
/// | ours | Statuspage |
/// | --- | --- |
/// | component `operational` | `operational` |
/// | component `degraded-performance` | `degraded_performance` |
/// | component `partial-outage` | `partial_outage` |
/// | component `major-outage` | `major_outage` |
/// | component `under-maintenance` | `under_maintenance` |
/// | worst state / severity `operational`, `under-maintenance` | indicator, impact `none` |
/// | worst state / severity `degraded-performance` | `minor` |
/// | worst state / severity `partial-outage` | `major` |
/// | worst state / severity `major-outage` | `critical` |
/// | incident `investigating`, `identified`, `monitoring` | the same |
/// | incident `resolved` | `resolved`, or `postmortem` once the file has a post-incident summary |
/// | maintenance `scheduled`, `verifying`, `completed` | the same |
/// | maintenance `in-progress` | `in_progress` |
/// | maintenance `cancelled` | `completed` (Statuspage has no cancelled state) |
enum StatuspageVocabulary {
    /// A component's `status`.
    static func componentStatus(_ state: ComponentState) -> String {
        switch state {
        case .operational: "operational"
        case .underMaintenance: "under_maintenance"
        case .degradedPerformance: "degraded_performance"
        case .partialOutage: "partial_outage"
        case .majorOutage: "major_outage"
        }
    }

    /// The page's `status.indicator`, and an incident's or a window's `impact`.
    static func indicator(_ state: ComponentState) -> String {
        switch state {
        case .operational, .underMaintenance: "none"
        case .degradedPerformance: "minor"
        case .partialOutage: "major"
        case .majorOutage: "critical"
        }
    }

    /// The page's `status.description`, in the phrases Statuspage uses for each indicator.
    static func indicatorDescription(_ state: ComponentState) -> String {
        switch state {
        case .operational: "All Systems Operational"
        case .underMaintenance: "Service Under Maintenance"
        case .degradedPerformance: "Minor Service Outage"
        case .partialOutage: "Partial System Outage"
        case .majorOutage: "Major System Outage"
        }
    }

    /// An incident update's `status`.
    static func incidentStatus(_ status: IncidentStatus) -> String { status.rawValue }

    /// An incident's `status`: its latest update's, except that a resolved incident whose file carries a
    /// post-incident summary is a `postmortem`, as on Statuspage once a postmortem is published. A body
    /// of only whitespace and HTML comments (`<!-- TODO -->`) is no summary, as for `validate`.
    static func incidentStatus(of incident: Incident) -> String {
        guard let status = incident.status else { return "investigating" }
        if status == .resolved && !TextRules.isBlank(incident.summary.value) { return "postmortem" }
        return incidentStatus(status)
    }

    /// A scheduled maintenance's or its update's `status`.
    static func maintenanceStatus(_ status: MaintenanceStatus) -> String {
        switch status {
        case .scheduled: "scheduled"
        case .inProgress: "in_progress"
        case .verifying: "verifying"
        case .completed, .cancelled: "completed"
        }
    }
}
