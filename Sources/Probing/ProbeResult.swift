public import Model
public import Status

/// What one run of `probe` found on one network, from one vantage.
public struct ProbeRun: Sendable, Equatable {
    public var environment: String
    public var vantage: String
    public var at: Timestamp
    public var components: [ComponentResult]
    /// Upgrades the network announces (its DSO rules' schedules) that may not be posted as
    /// maintenance yet.
    public var announcements: [Announcement]
    /// The view of the network the checks ran on: agreed by a quorum of Scans in this run, or the
    /// last agreed one; `nil` when no check needed it or the network could not be judged.
    public var network: NetworkSummary? = nil
}

/// One component's measured state in one run, with the targets behind it.
public struct ComponentResult: Sendable, Equatable {
    public var component: String
    /// `nil` when this run could not judge the component (no quorum of Scans agreed on what the
    /// network is): neither up nor down, never an outage, and `reason` says why.
    public var state: ComponentState?
    /// Why it is not operational or not measured (or a note such as version drift); `nil` when
    /// there is nothing to say.
    public var reason: String?
    public var targets: [TargetResult]
    /// What the network reports as a whole: `round` (the newest open mining round).
    public var details: [String: String] = [:]
    /// When the network's newest round opens (rounds only): the next run's cadence is measured
    /// from it.
    public var roundOpensAt: Timestamp? = nil
    /// Set by `RunAssessment`: how long the network took per round since the last run that saw an
    /// older newest round (rounds only; `nil` when no new round was seen).
    public var cadenceMilliseconds: Int? = nil
    /// Set by `RunAssessment`: the run is `degraded-performance` because its latency or cadence has
    /// left its baseline for the configured runs in a row. It then counts as a failed run for
    /// automated incidents, like an outage, so a lasting slowdown opens one (under the same
    /// vantage quorum).
    public var outOfBaseline = false
    /// Set by `RunAssessment`: what the next run needs to remember (`latest.json`).
    public var tracking: ComponentTracking? = nil
}

/// One endpoint checked: an SV's Scan, a sequencer, a URL.
public struct TargetResult: Sendable, Equatable {
    /// Stable within the component: the SV's name, or the URL's host and path for `http` checks.
    public var name: String
    public var check: Check.Kind
    public var state: ComponentState
    public var latencyMilliseconds: Int?
    /// A short reason a person understands: "timeout after 5 s", "HTTP 503", "invalid JSON at byte 17".
    public var reason: String?
    /// What the target reported: `version`; for rounds, `behind` (rounds behind the network).
    public var details: [String: String]

    public init(name: String, check: Check.Kind, state: ComponentState, latencyMilliseconds: Int?, reason: String?, details: [String: String] = [:]) {
        self.name = name
        self.check = check
        self.state = state
        self.latencyMilliseconds = latencyMilliseconds
        self.reason = reason
        self.details = details
    }
}
