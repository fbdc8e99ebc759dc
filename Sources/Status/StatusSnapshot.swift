public import Model

/// The state of everything at one instant, computed once from the content and the probes' history
/// for all renderers.
///
/// Renderers (HTML, feeds, Statuspage API, badges, metrics) only read this; none of them repeats
/// the rules for what is active, what a component's state is (declared over measured, see
/// `StatusSnapshot+Precedence.swift`), or how uptime is counted.
public struct StatusSnapshot: Sendable {
    public struct NetworkStatus: Sendable {
        public var environment: Network
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
        /// What the probes measured on this network; `nil` when `history/` has nothing for it.
        public var measured: MeasuredNetwork?
        /// Upgrades the network announced that no posted maintenance window covers, soonest first.
        public var unpostedAnnouncements: [Announcement]
        /// The SV × check matrix of the freshest probe run; `nil` when no SV was probed.
        public var targets: TargetMatrix?
        /// What the fresh runs mean for the BFT fault budget, per layer probed, by vantage quorum;
        /// empty when the network was not probed recently or no quorum of Scans described it.
        public var faultBudgets: [FaultBudget] = []

        public var components: [ComponentStatus] { groups.flatMap(\.components) }
    }

    public struct GroupStatus: Sendable {
        public var group: Group
        public var components: [ComponentStatus]
    }

    public struct ComponentStatus: Sendable {
        public var component: Component
        public var environmentID: String
        /// The state every renderer shows, by the precedence rule.
        public var state: ComponentState
        /// Where `state` comes from.
        public var source: StateSource
        /// When the shown state last changed, at or before `now`; `nil` when it never did.
        public var stateChangedAt: Timestamp?
        /// What incidents and maintenance declare (the measured timeline is `measured?.timeline`).
        public var timeline: Timeline
        /// Incidents that touched this component on this network, newest first.
        public var incidents: [Incident]
        /// Declared uptime per window.
        public var uptime: [UptimeWindow: Double]
        /// Measured uptime per window; a window is absent when nothing was measured in it.
        public var measuredUptime: [UptimeWindow: Double]
        /// What the probes measured; `nil` when never probed.
        public var measured: MeasuredComponent?
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
        /// Whether the probes measured any of the day (the mark then shows measured states where
        /// nothing was declared).
        public var measured = false
    }

    public static let barDays = 90

    public var now: Timestamp
    public var page: Page
    public var environments: [NetworkStatus]
    /// All incidents, newest first.
    public var incidents: [Incident]
    /// All maintenance windows, by start.
    public var maintenance: [Maintenance]

    /// The status of the network with this id, if the configuration has it.
    public func environment(_ id: String?) -> NetworkStatus? { environments.first { $0.environment.id.value == id } }

    /// `measured` is what `MeasuredStatus.load` read from `history/`; without it every state is declared.
    public init(content: StatusContent, measured: MeasuredStatus = .empty, now: Timestamp) {
        self.now = now
        page = content.configuration.page
        let incidents = content.incidents.sorted(onKey: Self.newestFirstOrder, by: >)
        let maintenance = content.maintenance.sorted(onKey: { ($0.start.value, $0.id) }, by: <)
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
            let measuredEnvironment = measured.environment(id)
            let groups: [GroupStatus] = configuration.groups.compactMap { group in
                let members = configuration.components.filter {
                    $0.group.value == group.id.value && configuration.environmentIDs(of: $0).contains(id)
                }
                guard !members.isEmpty else { return nil }
                return GroupStatus(group: group, components: members.map { component in
                    let key = "\(id)/\(component.id.value)"
                    return Self.componentStatus(
                        component, environmentID: id, incidents: incidentsByKey[key] ?? [],
                        maintenance: maintenanceByKey[key] ?? [], measured: measuredEnvironment?.components[component.id.value],
                        now: now, today: today)
                })
            }
            let onNetwork = incidents.filter { $0.environments.contains { $0.value == id } }
            let windows = maintenance.filter { $0.environments.contains { $0.value == id } }
            return NetworkStatus(
                environment: environment,
                state: groups.flatMap(\.components).map(\.state).max() ?? .operational,
                groups: groups,
                activeIncidents: onNetwork.filter { !$0.isResolved },
                activeMaintenance: windows.filter { [.inProgress, .verifying].contains($0.status(at: now)) },
                upcomingMaintenance: windows.filter { $0.status(at: now) == .scheduled && $0.start.value > now },
                incidents: onNetwork,
                maintenance: windows,
                measured: measuredEnvironment,
                unpostedAnnouncements: Self.unpostedAnnouncements(measuredEnvironment, windows: windows),
                targets: measuredEnvironment.flatMap { measured in
                    TargetMatrix(groups.flatMap(\.components).compactMap { measured.components[$0.component.id.value] })
                },
                faultBudgets: measuredEnvironment?.faultBudgets ?? [])
        }
    }

    /// Incidents sort by this, largest first: newest start, then id.
    static func newestFirstOrder(_ incident: Incident) -> (Timestamp, String) {
        (incident.start ?? Timestamp(secondsSince1970: 0), incident.id)
    }

    private static func componentStatus(
        _ component: Component, environmentID: String, incidents: [Incident], maintenance: [Maintenance],
        measured: MeasuredComponent?, now: Timestamp, today: Int
    ) -> ComponentStatus {
        var intervals: [Timeline.Period] = []
        for incident in incidents {
            guard let start = incident.start,
                  let state = incident.impact.first(where: { $0.component.value == component.id.value })?.state else { continue }
            intervals.append(.init(start: start, end: incident.resolvedAt, state: state))
        }
        for window in maintenance {
            let end = window.updates.last(where: { $0.status == .completed })?.at.value ?? window.end.value
            intervals.append(.init(start: window.start.value, end: end, state: .underMaintenance))
        }
        let timeline = Timeline(intervals: intervals)
        var uptime: [UptimeWindow: Double] = [:]
        var measuredUptime: [UptimeWindow: Double] = [:]
        for window in UptimeWindow.allCases {
            uptime[window] = timeline.uptime(from: now.adding(seconds: -window.seconds), to: now)
            measuredUptime[window] = measured?.uptime(from: now.adding(seconds: -window.seconds), to: now)
        }
        let days = dayMarks(declared: timeline, measured: measured?.timeline, firstDay: today - barDays + 1, lastDay: today, now: now)
        let shown = shownState(declared: timeline.declaredState(at: now), measured: measured?.state)
        // The shown state changed when a declaration began or ended, or, while measured, when the
        // measured state last changed.
        var changes = timeline.intervals.flatMap { [$0.start, $0.end].compactMap { $0 } }.filter { $0 <= now }
        if shown.source == .measured, let since = measured?.stateSince(now: now) { changes.append(since) }
        return ComponentStatus(
            component: component, environmentID: environmentID, state: shown.state, source: shown.source,
            stateChangedAt: changes.max(), timeline: timeline, incidents: incidents, uptime: uptime,
            measuredUptime: measuredUptime, measured: measured, days: days)
    }
}
