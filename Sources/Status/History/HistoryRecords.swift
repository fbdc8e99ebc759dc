public import Model

/// The records `probe` keeps under `history/<environment>/<vantage>/`, one folder per vantage so
/// that two probers never write the same file:
///
/// | file | what | growth |
/// | --- | --- | --- |
/// | `transitions.jsonl` | every change of a component's measured state, forever (uptime comes from these) | a line per change |
/// | `samples/YYYY-MM-DD.tsv` | one line per run: the time, then `component=latency` (ms; `-` when it failed) | today and yesterday only |
/// | `daily.jsonl` | per day and component: runs, failures, p50/p95/max latency | a line per component per day |
/// | `latest.json` | the last run in full (every target's state, latency, version, round), and the counters behind automated incidents | rewritten each run |
///
/// Sample files older than yesterday are rolled up into `daily.jsonl` and removed, so the folder
/// grows by about 1 KB a day per ten components however often the prober runs.
public enum HistoryPaths {
    public static let root = "history"

    public static func folder(environment: String, vantage: String) -> String { "\(root)/\(environment)/\(vantage)" }
    public static func transitions(_ folder: String) -> String { "\(folder)/transitions.jsonl" }
    public static func daily(_ folder: String) -> String { "\(folder)/daily.jsonl" }
    public static func latest(_ folder: String) -> String { "\(folder)/latest.json" }
    public static func samples(_ folder: String, day: String) -> String { "\(folder)/samples/\(day).tsv" }
}

/// A change of one component's measured state.
public struct Transition: Codable, Sendable, Equatable {
    public var at: Timestamp
    public var component: String
    /// `nil` from when the vantage could not judge the component (`reason` says why): a gap in its
    /// timeline, counted neither as up nor as down.
    public var state: ComponentState?
    public var reason: String?

    package init(at: Timestamp, component: String, state: ComponentState? = nil, reason: String? = nil) {
        self.at = at
        self.component = component
        self.state = state
        self.reason = reason
    }
}

/// One day of one component, summarised.
public struct DailyRollup: Codable, Sendable, Equatable {
    public var day: String
    public var component: String
    public var runs: Int
    /// Runs in which the component was worse than degraded.
    public var failures: Int
    public var p50: Int?
    public var p95: Int?
    public var max: Int?
    /// The p95 of each UTC hour of the day, as 24 comma-separated values in ms, empty for an hour
    /// with fewer than `HourlyProfile.minimumRuns` runs: what the hour-of-day baseline of anomaly
    /// detection reads once the day's samples are rolled up. About 100 bytes a component a day;
    /// absent on lines written before it existed, which then serve only the all-day baseline.
    public var hours: String? = nil
}

/// One run's latency for one component: the median of its targets' answers (`nil` when none answered).
public struct LatencySample: Sendable, Equatable {
    public var at: Timestamp
    public var component: String
    public var milliseconds: Int?
}

/// `latest.json`: the last run of one vantage, and what `probe` must remember between runs.
public struct LatestRun: Codable, Sendable, Equatable {
    public var environment: String
    public var vantage: String
    public var at: Timestamp
    public var components: [LatestComponent]
    public var announcements: [Announcement]
    /// The network as a quorum of Scans described it: SV count, threshold, serial, known Scans.
    public var network: NetworkSummary? = nil

    public func component(_ id: String) -> LatestComponent? { components.first { $0.component == id } }

    package init(environment: String, vantage: String, at: Timestamp, components: [LatestComponent],
                 announcements: [Announcement], network: NetworkSummary? = nil) {
        self.environment = environment
        self.vantage = vantage
        self.at = at
        self.components = components
        self.announcements = announcements
        self.network = network
    }
}

public struct LatestComponent: Codable, Sendable, Equatable {
    public var component: String
    /// `nil` when the last run could not judge the component; `reason` says why.
    public var state: ComponentState?
    public var reason: String?
    /// When the component entered `state`.
    public var since: Timestamp
    public var targets: [LatestTarget]
    /// Consecutive runs with the component in a partial or major outage, and since when.
    public var failingRuns: Int
    public var failingSince: Timestamp?
    /// Consecutive runs without an outage.
    public var passingRuns: Int
    /// The automated incident this vantage opened for the current failure, until it is resolved.
    public var openIncident: String?
    /// What the network reports as a whole: `round`, the newest open mining round.
    public var details: [String: String]?
    /// What anomaly detection and the flapping hold remember between runs; `nil` when there is
    /// nothing to remember (absent in files written before them).
    public var tracking: ComponentTracking? = nil

    package init(component: String, state: ComponentState? = nil, reason: String? = nil, since: Timestamp,
                 targets: [LatestTarget], failingRuns: Int, failingSince: Timestamp? = nil, passingRuns: Int,
                 openIncident: String? = nil, details: [String: String]? = nil, tracking: ComponentTracking? = nil) {
        self.tracking = tracking
        self.component = component
        self.state = state
        self.reason = reason
        self.since = since
        self.targets = targets
        self.failingRuns = failingRuns
        self.failingSince = failingSince
        self.passingRuns = passingRuns
        self.openIncident = openIncident
        self.details = details
    }
}

public struct LatestTarget: Codable, Sendable, Equatable {
    public var name: String
    public var check: String
    public var state: ComponentState
    /// Rounded up to a class (10, 25, 50, 100, 250, 500 ms, 1, 2.5, 5, 10, 30 s), so the file changes
    /// only when a target's latency class does: every run is a commit, and a commit that rewrites
    /// two hundred exact numbers costs the repository kilobytes each time. Exact medians are in the
    /// samples.
    public var latencyMilliseconds: Int?
    public var reason: String?
    public var details: [String: String]

    package init(name: String, check: String, state: ComponentState, latencyMilliseconds: Int? = nil,
                 reason: String? = nil, details: [String: String]) {
        self.name = name
        self.check = check
        self.state = state
        self.latencyMilliseconds = latencyMilliseconds
        self.reason = reason
        self.details = details
    }
}
