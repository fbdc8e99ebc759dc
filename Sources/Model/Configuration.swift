/// `components.yml`: the page, the networks, and what is shown and checked on each.
public struct Configuration: Sendable {
    public var page: Page
    public var environments: [Network]
    public var groups: [Group]
    public var components: [Component]
    public var notifications: [NotificationTarget]

    public init(
        page: Page, environments: [Network], groups: [Group], components: [Component],
        notifications: [NotificationTarget]
    ) {
        self.page = page
        self.environments = environments
        self.groups = groups
        self.components = components
        self.notifications = notifications
    }

    public func environment(_ id: String) -> Network? { environments.first { $0.id.value == id } }
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
    /// Where readers follow the page besides its feeds (`page.subscribe`); `nil` when not given.
    public var subscribe: Subscription?

    public static let defaultMaintenanceNotice = Interval.hours(48)

    package init(title: String, url: String, description: String? = nil, maintenanceNotice: Interval,
                 subscribe: Subscription? = nil) {
        self.title = title
        self.url = url
        self.description = description
        self.maintenanceNotice = maintenanceNotice
        self.subscribe = subscribe
    }
}

/// `page.subscribe`: the channels readers can join to be told about incidents and maintenance.
///
/// The mailing list is the one the `email` targets send to; its URLs go into every mail as
/// `List-Subscribe` and `List-Unsubscribe` (RFC 2369), so mail clients offer a button to leave.
public struct Subscription: Sendable, Equatable {
    public var mailingList: MailingList?
    /// An https URL of the Slack channel the `slack` targets post to, for readers to join.
    public var slackChannelURL: String?
    /// Where a reader asks for a signed webhook (`webhook_request`): an `https:` page (an issue
    /// form, say) or a `mailto:` address. The subscribe page says how to ask and what arrives.
    public var webhookRequest: String?

    package init(mailingList: MailingList? = nil, slackChannelURL: String? = nil, webhookRequest: String? = nil) {
        self.mailingList = mailingList
        self.slackChannelURL = slackChannelURL
        self.webhookRequest = webhookRequest
    }
}

/// A mailing list's ways in and out: each a `mailto:` URL (one address, an optional `?subject=`)
/// or an `https:` URL, checked by the loader to be printable ASCII without `<`, `>` or spaces, so it
/// can stand between the angle brackets of a mail header as written.
public struct MailingList: Sendable, Equatable {
    public var join: String
    /// Where one leaves; `nil` when not given (an `https:` `join` page then serves for both).
    public var unsubscribe: String?

    package init(join: String, unsubscribe: String? = nil) {
        self.join = join
        self.unsubscribe = unsubscribe
    }
}

/// One Canton network (MainNet, TestNet, DevNet).
public struct Network: Sendable {
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

    package init(id: Located<String>, name: String, scans: [String], dsoMirror: String? = nil,
                 vantageQuorum: Int? = nil) {
        self.id = id
        self.name = name
        self.scans = scans
        self.dsoMirror = dsoMirror
        self.vantageQuorum = vantageQuorum
    }
}

public struct Group: Sendable {
    public var id: Located<String>
    public var name: String
    public var description: String?

    package init(id: Located<String>, name: String, description: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
    }
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

    package init(id: Located<String>, name: String, group: Located<String>, description: String? = nil,
                 environments: [Located<String>]? = nil, checks: [Check], sla: Double? = nil) {
        self.id = id
        self.name = name
        self.group = group
        self.description = description
        self.environments = environments
        self.checks = checks
        self.sla = sla
    }
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

        package init(path: String, comparison: Comparison, value: String? = nil) {
            self.path = path
            self.comparison = comparison
            self.value = value
        }
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
    /// When a run's latency (and, for rounds, the round cadence) counts as out of its baseline;
    /// `nil` when off. The loader turns it on for `rounds` and `scans` checks (the Scan fleet),
    /// whose normal speed no fixed threshold describes, and leaves it off elsewhere.
    public var anomaly: Anomaly? = nil
    /// When a component that keeps changing state is held at its worse state; `nil` when off.
    /// On by default for every check (`Flapping.standard`).
    public var flapping: Flapping? = nil

    /// `anomaly: {factor: 3, runs: 3}`: a run is out of its baseline when its value is more than
    /// `factor` times the baseline's p95; `runs` such runs in a row make the component
    /// `degraded-performance`. One slow run is never enough, so a single spike does not fire.
    public struct Anomaly: Sendable, Equatable {
        public var factor: Double
        public var runs: Int

        public static let standard = Anomaly(factor: 3, runs: 3)

        package init(factor: Double, runs: Int) {
            self.factor = factor
            self.runs = runs
        }
    }

    /// `flapping: {changes: 4, stable_runs: 3}`: more than `changes` state changes within an hour
    /// hold the component at the worse of its states until `stableRuns` runs in a row measure the
    /// same state, so a component going up and down every run is shown (and opens incidents) as
    /// what it is at its worst, not as whatever the last run happened to see.
    public struct Flapping: Sendable, Equatable {
        public var changes: Int
        public var stableRuns: Int

        public static let standard = Flapping(changes: 4, stableRuns: 3)

        package init(changes: Int, stableRuns: Int) {
            self.changes = changes
            self.stableRuns = stableRuns
        }
    }

    package init(kind: Kind, location: SourceLocation, environments: [Located<String>]? = nil, url: String? = nil,
                 path: String? = nil, method: String? = nil, expectStatus: Int? = nil, headers: [String: String],
                 conditions: [Condition], timeout: Interval? = nil, degradedAbove: Interval? = nil,
                 degradedAfter: Interval? = nil, downAfter: Interval? = nil, failuresBeforeIncident: Int? = nil,
                 successesBeforeResolve: Int? = nil) {
        self.kind = kind
        self.location = location
        self.environments = environments
        self.url = url
        self.path = path
        self.method = method
        self.expectStatus = expectStatus
        self.headers = headers
        self.conditions = conditions
        self.timeout = timeout
        self.degradedAbove = degradedAbove
        self.degradedAfter = degradedAfter
        self.downAfter = downAfter
        self.failuresBeforeIncident = failuresBeforeIncident
        self.successesBeforeResolve = successesBeforeResolve
    }
}

/// Where `notify` sends events.
public struct NotificationTarget: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case slack, discord, teams, webhook, email
    }

    public var id: Located<String>
    public var kind: Kind
    /// `${VAR}` references, resolved from the environment only when sending: `url` for the chat
    /// targets (`slack`, `discord`, `teams`) and `webhook`, `secret` for `webhook`, `smtp` for `email`.
    public var url: String?
    public var secret: String?
    public var smtp: String?
    public var from: String?
    public var to: [String]
    public var environments: [Located<String>]?
    public var components: [Located<String>]?
    public var events: [Located<String>]?

    package init(id: Located<String>, kind: Kind, url: String? = nil, secret: String? = nil, smtp: String? = nil,
                 from: String? = nil, to: [String], environments: [Located<String>]? = nil,
                 components: [Located<String>]? = nil, events: [Located<String>]? = nil) {
        self.id = id
        self.kind = kind
        self.url = url
        self.secret = secret
        self.smtp = smtp
        self.from = from
        self.to = to
        self.environments = environments
        self.components = components
        self.events = events
    }
}
