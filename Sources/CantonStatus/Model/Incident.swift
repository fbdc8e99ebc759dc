/// An incident: `incidents/YYYY-MM-DD-slug.md`, YAML front matter then a Markdown post-incident summary.
public struct Incident: Sendable {
    public struct Update: Sendable {
        public var at: Located<Timestamp>
        public var status: IncidentStatus
        public var text: Located<String>
    }

    /// The file name without `.md`: the incident's permanent id.
    public var id: String { get { storage.fields.id } _modify { makeUnique(); yield &storage.fields.id } }
    public var path: String { get { storage.fields.path } _modify { makeUnique(); yield &storage.fields.path } }
    public var title: Located<String> { get { storage.fields.title } _modify { makeUnique(); yield &storage.fields.title } }
    public var environments: [Located<String>] {
        get { storage.fields.environments } _modify { makeUnique(); yield &storage.fields.environments }
    }
    /// Affected components and their state, in the order written.
    public var impact: [(component: Located<String>, state: ComponentState)] {
        get { storage.fields.impact } _modify { makeUnique(); yield &storage.fields.impact }
    }
    /// Oldest first.
    public var updates: [Update] { get { storage.fields.updates } _modify { makeUnique(); yield &storage.fields.updates } }
    public var started: Located<Timestamp>? { get { storage.fields.started } _modify { makeUnique(); yield &storage.fields.started } }
    public var automated: Bool { get { storage.fields.automated } _modify { makeUnique(); yield &storage.fields.automated } }
    public var reportedBy: String? { get { storage.fields.reportedBy } _modify { makeUnique(); yield &storage.fields.reportedBy } }
    /// The post-incident summary / root cause analysis (Markdown), possibly empty.
    public var summary: Located<String> { get { storage.fields.summary } _modify { makeUnique(); yield &storage.fields.summary } }

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

    /// `@unchecked Sendable`: `fields` is only written after `makeUnique`, on a box no other
    /// incident shares (copy on write), so a box another thread can see is never written.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    /// Before a change: a box another incident shares is copied first. Changes go through `_modify`,
    /// so `incident.updates.append(…)` changes the array in place instead of copying it.
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
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
