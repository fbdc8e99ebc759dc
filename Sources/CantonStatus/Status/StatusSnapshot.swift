/// The state of everything at one instant, computed once from the content for all renderers.
///
/// Renderers (HTML, feeds, Statuspage API, badges, metrics) only read this; none of them repeats
/// the rules for what is active, what a component's state is, or how uptime is counted.
public struct StatusSnapshot: Sendable {
    public struct EnvironmentStatus: Sendable {
        public var environment: Environment
        /// The worst current state of its components.
        public var state: ComponentState
        public var groups: [GroupStatus]
        /// Unresolved incidents on this network, newest first.
        public var activeIncidents: [Incident]
        /// Windows in progress now (by their updates or the clock).
        public var activeMaintenance: [Maintenance]
        /// Windows that have not started, soonest first.
        public var upcomingMaintenance: [Maintenance]
        /// Every incident on this network, newest first.
        public var incidents: [Incident]
        public var maintenance: [Maintenance]

        public var components: [ComponentStatus] { groups.flatMap(\.components) }
    }

    public struct GroupStatus: Sendable {
        public var group: Group
        public var components: [ComponentStatus]
    }

    public struct ComponentStatus: Sendable {
        public var component: Component
        public var environmentID: String
        public var state: ComponentState
        public var timeline: DeclaredTimeline
        /// Incidents that touched this component on this network, newest first.
        public var incidents: [Incident]
        /// Declared uptime per window.
        public var uptime: [UptimeWindow: Double]
        /// One mark per UTC day, oldest first, ending today.
        public var days: [DayMark]
    }

    public enum UptimeWindow: String, CaseIterable, Sendable {
        case day = "24h", week = "7d", month = "30d", quarter = "90d", year = "1y"

        public var seconds: Int64 {
            switch self {
            case .day: 86_400
            case .week: 7 * 86_400
            case .month: 30 * 86_400
            case .quarter: 90 * 86_400
            case .year: 365 * 86_400
            }
        }
    }

    public struct DayMark: Sendable, Equatable {
        /// `YYYY-MM-DD` (UTC).
        public var day: String
        public var state: ComponentState
    }

    public static let barDays = 90

    public var now: Timestamp
    public var page: Page
    public var environments: [EnvironmentStatus]
    /// All incidents, newest first.
    public var incidents: [Incident]
    /// All maintenance windows, by start.
    public var maintenance: [Maintenance]

    /// The status of the network with this id, if the configuration has it.
    public func environment(_ id: String?) -> EnvironmentStatus? { environments.first { $0.environment.id.value == id } }

    public init(content: StatusContent, now: Timestamp) {
        self.now = now
        page = content.configuration.page
        let incidents = content.incidents.sorted(by: Self.newestFirst)
        let maintenance = content.maintenance.sorted { ($0.start.value, $0.id) < ($1.start.value, $1.id) }
        self.incidents = incidents
        self.maintenance = maintenance
        let configuration = content.configuration

        // Index incidents and windows by (environment, component) once: builds are linear in content.
        var incidentsByKey: [String: [Incident]] = [:]
        for incident in incidents {
            for environment in incident.environments {
                for (component, _) in incident.impact {
                    incidentsByKey["\(environment.value)/\(component.value)", default: []].append(incident)
                }
            }
        }
        var maintenanceByKey: [String: [Maintenance]] = [:]
        for window in maintenance where window.updates.last?.status != .cancelled {
            for environment in window.environments {
                for component in window.components {
                    maintenanceByKey["\(environment.value)/\(component.value)", default: []].append(window)
                }
            }
        }

        let today = CivilTime.daysSince1970(secondsSince1970: now.secondsSince1970)
        environments = configuration.environments.map { environment in
            let id = environment.id.value
            let groups: [GroupStatus] = configuration.groups.compactMap { group in
                let members = configuration.components.filter {
                    $0.group.value == group.id.value && configuration.environmentIDs(of: $0).contains(id)
                }
                guard !members.isEmpty else { return nil }
                return GroupStatus(group: group, components: members.map { component in
                    let key = "\(id)/\(component.id.value)"
                    return Self.componentStatus(
                        component, environmentID: id, incidents: incidentsByKey[key] ?? [],
                        maintenance: maintenanceByKey[key] ?? [], now: now, today: today)
                })
            }
            let onNetwork = incidents.filter { $0.environments.contains { $0.value == id } }
            let windows = maintenance.filter { $0.environments.contains { $0.value == id } }
            return EnvironmentStatus(
                environment: environment,
                state: groups.flatMap(\.components).map(\.state).max() ?? .operational,
                groups: groups,
                activeIncidents: onNetwork.filter { !$0.isResolved },
                activeMaintenance: windows.filter { [.inProgress, .verifying].contains($0.status(at: now)) },
                upcomingMaintenance: windows.filter { $0.status(at: now) == .scheduled && $0.start.value > now },
                incidents: onNetwork,
                maintenance: windows)
        }
    }

    static func newestFirst(_ a: Incident, _ b: Incident) -> Bool {
        let (startA, startB) = (a.start ?? Timestamp(secondsSince1970: 0), b.start ?? Timestamp(secondsSince1970: 0))
        return startA != startB ? startA > startB : a.id > b.id
    }

    private static func componentStatus(
        _ component: Component, environmentID: String, incidents: [Incident], maintenance: [Maintenance],
        now: Timestamp, today: Int
    ) -> ComponentStatus {
        var intervals: [DeclaredTimeline.Interval] = []
        for incident in incidents {
            guard let start = incident.start,
                  let state = incident.impact.first(where: { $0.component.value == component.id.value })?.state else { continue }
            intervals.append(.init(start: start, end: incident.resolvedAt, state: state))
        }
        for window in maintenance {
            let end = window.updates.last(where: { $0.status == .completed })?.at.value ?? window.end.value
            intervals.append(.init(start: window.start.value, end: end, state: .underMaintenance))
        }
        let timeline = DeclaredTimeline(intervals: intervals)
        var uptime: [UptimeWindow: Double] = [:]
        for window in UptimeWindow.allCases {
            uptime[window] = timeline.uptime(from: now.adding(seconds: -window.seconds), to: now)
        }
        let days = ((today - barDays + 1)...today).map { day in
            let start = Timestamp(secondsSince1970: Int64(day) * 86_400)
            return DayMark(day: start.utcDay, state: timeline.worstState(from: start, to: start.adding(seconds: 86_400)))
        }
        return ComponentStatus(
            component: component, environmentID: environmentID, state: timeline.state(at: now), timeline: timeline,
            incidents: incidents, uptime: uptime, days: days)
    }
}

extension CivilTime {
    static func daysSince1970(secondsSince1970: Int64) -> Int {
        Int(secondsSince1970.floorDivided(by: 86_400))
    }
}
