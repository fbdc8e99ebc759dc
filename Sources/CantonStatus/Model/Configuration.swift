/// `components.yml`: the page, the networks, and what is shown and checked on each.
public struct Configuration: Sendable {
    public var page: Page
    public var environments: [Environment]
    public var groups: [Group]
    public var components: [Component]
    public var notifications: [NotificationTarget]

    public init(
        page: Page, environments: [Environment], groups: [Group], components: [Component],
        notifications: [NotificationTarget]
    ) {
        self.page = page
        self.environments = environments
        self.groups = groups
        self.components = components
        self.notifications = notifications
    }

    public func environment(_ id: String) -> Environment? { environments.first { $0.id.value == id } }
    public func component(_ id: String) -> Component? { components.first { $0.id.value == id } }
    public func group(_ id: String) -> Group? { groups.first { $0.id.value == id } }

    /// The environments a component is shown on: its own list, or every environment.
    public func environmentIDs(of component: Component) -> [String] {
        component.environments?.map(\.value) ?? environments.map(\.id.value)
    }
}

public struct Page: Sendable {
    public var title: String
    /// Absolute base URL of the published site, used for links in feeds and notifications.
    public var url: String
    public var description: String?
    /// Minimum notice for maintenance with impact; `48h` when not given.
    public var maintenanceNotice: Interval

    public static let defaultMaintenanceNotice = Interval.hours(48)
}

/// One Canton network (MainNet, TestNet, DevNet).
public struct Environment: Sendable {
    public var id: Located<String>
    public var name: String
    /// Seed Scan URLs (`scan:` in content, one URL or a list); the other SVs' Scans are discovered
    /// from them, and from the DSO mirror.
    public var scans: [String]
    /// The public DSO mirror's `/dso` URL: where discovery finds more Scans on a first run or when
    /// the known ones disagree, and the word on announced upgrades when no quorum is reached.
    public var dsoMirror: String?
    /// How many vantages must agree before the page shows a probed state.
    public var vantageQuorum: Int?
}

public struct Group: Sendable {
    public var id: Located<String>
    public var name: String
    public var description: String?
}

public struct Component: Sendable {
    public var id: Located<String>
    public var name: String
    public var group: Located<String>
    public var description: String?
    /// `nil` means every environment.
    public var environments: [Located<String>]?
    public var checks: [Check]
    /// Target availability as a fraction (0.999 for `99.9%`).
    public var sla: Double?
}

/// How a component is probed. Which fields apply depends on `kind`; the loader refuses the others.
public struct Check: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case http, scans, sequencers, rounds, versions
    }

    /// One comparison on a JSON response body, e.g. `{path: status.active, equals: true}`.
    public struct Condition: Sendable {
        public enum Comparison: String, CaseIterable, Sendable {
            case equals, notEquals = "not_equals", above, below, exists
        }
        public var path: String
        public var comparison: Comparison
        public var value: String?
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The environments this check runs on, when not all of the component's (e.g. one URL per network).
    public var environments: [Located<String>]?
    public var url: String?
    public var path: String?
    public var method: String?
    public var expectStatus: Int?
    public var headers: [String: String]
    public var conditions: [Condition]
    public var timeout: Interval?
    public var degradedAbove: Interval?
    public var degradedAfter: Interval?
    public var downAfter: Interval?
    /// Consecutive failed runs before `probe` opens an automated incident.
    public var failuresBeforeIncident: Int?
    /// Consecutive good runs before `probe` resolves it.
    public var successesBeforeResolve: Int?
}

/// Where `notify` sends events.
public struct NotificationTarget: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case slack, webhook, email
    }

    public var id: Located<String>
    public var kind: Kind
    /// `${VAR}` references, resolved from the environment only when sending.
    public var url: String?
    public var secret: String?
    public var smtp: String?
    public var from: String?
    public var to: [String]
    public var environments: [Located<String>]?
    public var components: [Located<String>]?
    public var events: [Located<String>]?
}
