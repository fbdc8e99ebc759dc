public import Model

/// What `probe` remembers about one component between runs to judge its speed against its own
/// history and to hold it while it flaps, kept in `latest.json` beside the incident counters.
///
/// Every field is left out when empty, so a steady component has no `tracking` at all and
/// `latest.json` does not change from run to run because of it.
public struct ComponentTracking: Codable, Sendable, Equatable {
    /// Consecutive measured runs out of their baseline, by series (`latency`, `cadence`).
    public var outOfBaseline: [String: Int]?
    /// When the component's state changed (before any hold) within the last hour, oldest first.
    public var changes: [Timestamp]?
    /// The state the last run measured, when a hold shows another one.
    public var measured: ComponentState?
    /// The worse state shown while the component is unstable; `nil` when not held.
    public var held: ComponentState?
    /// Runs in a row that measured the same state, counted while held.
    public var stableRuns: Int?
    /// The network's newest round and when it opened, for the cadence of the next run that sees
    /// a newer one (rounds only).
    public var round: Int?
    public var roundOpensAt: Timestamp?
    /// The last cadence measured (ms a round), while it is out of its baseline: runs that see no
    /// new round keep its verdict instead of dropping in and out of `degraded-performance`.
    public var cadence: Int?

    public init(outOfBaseline: [String: Int]? = nil, changes: [Timestamp]? = nil, measured: ComponentState? = nil,
                held: ComponentState? = nil, stableRuns: Int? = nil, round: Int? = nil, roundOpensAt: Timestamp? = nil,
                cadence: Int? = nil) {
        self.cadence = cadence
        self.outOfBaseline = outOfBaseline
        self.changes = changes
        self.measured = measured
        self.held = held
        self.stableRuns = stableRuns
        self.round = round
        self.roundOpensAt = roundOpensAt
    }

    /// `nil` when nothing is remembered, so the key is left out of `latest.json`.
    public var orNil: ComponentTracking? { self == ComponentTracking() ? nil : self }
}
