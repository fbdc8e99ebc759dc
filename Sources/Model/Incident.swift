/// An incident: `incidents/YYYY-MM-DD-slug.md`, YAML front matter then a Markdown post-incident summary.
public struct Incident: Sendable {
    public struct Update: Sendable {
        public var at: Located<Timestamp>
        public var status: IncidentStatus
        public var text: Located<String>

        package init(at: Located<Timestamp>, status: IncidentStatus, text: Located<String>) {
            self.at = at
            self.status = status
            self.text = text
        }
    }

    /// The file name without `.md`: the incident's permanent id.
    public var id: String
    public var path: String
    public var title: Located<String>
    public var environments: [Located<String>]
    /// Affected components and their state, in the order written.
    public var impact: [(component: Located<String>, state: ComponentState)]
    /// Oldest first.
    public var updates: [Update]
    public var started: Located<Timestamp>?
    public var automated: Bool
    public var reportedBy: String?
    /// The post-incident summary / root cause analysis (Markdown), possibly empty.
    public var summary: Located<String>

    package init(id: String, path: String, title: Located<String>, environments: [Located<String>],
                 impact: [(component: Located<String>, state: ComponentState)], updates: [Update],
                 started: Located<Timestamp>?, automated: Bool, reportedBy: String?, summary: Located<String>) {
        self.id = id
        self.path = path
        self.title = title
        self.environments = environments
        self.impact = impact
        self.updates = updates
        self.started = started
        self.automated = automated
        self.reportedBy = reportedBy
        self.summary = summary
    }

    /// When the incident began: `started`, or the first update.
    public var start: Timestamp? { started?.value ?? updates.first?.at.value }
    /// The worst declared state: what the page shows as severity.
    public var severity: ComponentState { impact.map(\.state).max() ?? .operational }
    public var status: IncidentStatus? { updates.last?.status }
    public var isResolved: Bool { status == .resolved }
    /// The time of the first `resolved` update, if any.
    public var resolvedAt: Timestamp? { updates.first { $0.status == .resolved }?.at.value }
}

/// A maintenance window: `maintenance/YYYY-MM-DD-slug.md`.
public struct Maintenance: Sendable {
    public struct Update: Sendable {
        public var at: Located<Timestamp>
        public var status: MaintenanceStatus
        public var text: Located<String>

        package init(at: Located<Timestamp>, status: MaintenanceStatus, text: Located<String>) {
            self.at = at
            self.status = status
            self.text = text
        }
    }

    public var id: String
    public var path: String
    public var title: Located<String>
    public var start: Located<Timestamp>
    public var end: Located<Timestamp>
    public var environments: [Located<String>]
    public var components: [Located<String>]
    /// The state components are expected to be in during the window.
    public var impact: Located<ComponentState>
    public var references: [String]
    public var updates: [Update]
    /// Why the window was announced with less than the page's `maintenance_notice`.
    public var shortNotice: String?
    public var description: Located<String>

    /// The status by the operator's updates, or by the clock when there are none or the last one
    /// only says `scheduled`: a window announced as scheduled is in progress once its start passes,
    /// whether or not anyone remembered to post an update.
    public func status(at now: Timestamp) -> MaintenanceStatus {
        if let last = updates.last?.status, last != .scheduled { return last }
        if now < start.value { return .scheduled }
        return now < end.value ? .inProgress : .completed
    }

    package init(id: String, path: String, title: Located<String>, start: Located<Timestamp>,
                 end: Located<Timestamp>, environments: [Located<String>], components: [Located<String>],
                 impact: Located<ComponentState>, references: [String], updates: [Update],
                 shortNotice: String? = nil, description: Located<String>) {
        self.id = id
        self.path = path
        self.title = title
        self.start = start
        self.end = end
        self.environments = environments
        self.components = components
        self.impact = impact
        self.references = references
        self.updates = updates
        self.shortNotice = shortNotice
        self.description = description
    }
}

/// Everything the content of a repository declares, once loaded and checked.
public struct StatusContent: Sendable {
    public var configuration: Configuration
    public var incidents: [Incident]
    public var maintenance: [Maintenance]

    package init(configuration: Configuration, incidents: [Incident], maintenance: [Maintenance]) {
        self.configuration = configuration
        self.incidents = incidents
        self.maintenance = maintenance
    }
}
