/// An incident: `incidents/YYYY-MM-DD-slug.md`, YAML front matter then a Markdown post-incident summary.
public struct Incident: Sendable {
    public struct Update: Sendable {
        public var at: Located<Timestamp>
        public var status: IncidentStatus
        public var text: Located<String>
    }

    /// The file name without `.md`: the incident's permanent id.
    public var id: String { get { storage.fields.id } set { change { $0.id = newValue } } }
    public var path: String { get { storage.fields.path } set { change { $0.path = newValue } } }
    public var title: Located<String> { get { storage.fields.title } set { change { $0.title = newValue } } }
    public var environments: [Located<String>] {
        get { storage.fields.environments } set { change { $0.environments = newValue } }
    }
    /// Affected components and their state, in the order written.
    public var impact: [(component: Located<String>, state: ComponentState)] {
        get { storage.fields.impact } set { change { $0.impact = newValue } }
    }
    /// Oldest first.
    public var updates: [Update] { get { storage.fields.updates } set { change { $0.updates = newValue } } }
    public var started: Located<Timestamp>? { get { storage.fields.started } set { change { $0.started = newValue } } }
    public var automated: Bool { get { storage.fields.automated } set { change { $0.automated = newValue } } }
    public var reportedBy: String? { get { storage.fields.reportedBy } set { change { $0.reportedBy = newValue } } }
    /// The post-incident summary / root cause analysis (Markdown), possibly empty.
    public var summary: Located<String> { get { storage.fields.summary } set { change { $0.summary = newValue } } }

    /// The fields, in one shared box that is copied only when a shared incident is changed. An
    /// incident is copied into every list that shows it (the snapshot, its network, each component
    /// it touched, the page jobs); copying the box is one reference count, where copying the
    /// fields was one per string and array. At ten thousand incidents those copies were a pause of
    /// tens of milliseconds on one core between validating and rendering.
    private struct Fields: Sendable {
        var id: String
        var path: String
        var title: Located<String>
        var environments: [Located<String>]
        var impact: [(component: Located<String>, state: ComponentState)]
        var updates: [Update]
        var started: Located<Timestamp>?
        var automated: Bool
        var reportedBy: String?
        var summary: Located<String>
    }

    /// `@unchecked Sendable`: `fields` is only written through `change`, on a box no other
    /// incident shares (copy on write), so a box another thread can see is never written.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    private mutating func change(_ body: (inout Fields) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        body(&storage.fields)
    }

    init(id: String, path: String, title: Located<String>, environments: [Located<String>],
         impact: [(component: Located<String>, state: ComponentState)], updates: [Update],
         started: Located<Timestamp>?, automated: Bool, reportedBy: String?, summary: Located<String>) {
        storage = Storage(Fields(id: id, path: path, title: title, environments: environments, impact: impact, updates: updates,
                                 started: started, automated: automated, reportedBy: reportedBy, summary: summary))
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
}

/// Everything the content of a repository declares, once loaded and checked.
public struct StatusContent: Sendable {
    public var configuration: Configuration
    public var incidents: [Incident]
    public var maintenance: [Maintenance]
}
