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

/// The network as a quorum of its Scans described it: the SV count behind the fault budget, which
/// sequencers were probed, and the Scans the next run starts from. Kept in `latest.json`.
public struct NetworkSummary: Codable, Sendable, Equatable {
    /// One SV's endpoint of a layer.
    public struct Endpoint: Codable, Sendable, Equatable {
        public var sv: String
        public var url: String

        public init(sv: String, url: String) {
            self.sv = sv
            self.url = url
        }
    }

    /// When a quorum of Scans last agreed on this view. A run that reaches no quorum but still
    /// reaches enough Scans probes this view again, and keeps this time.
    public var agreedAt: Timestamp
    /// SVs in `dso_rules.svs`.
    public var svCount: Int
    /// `voting_threshold` of `/v0/dso`: the votes the DSO needs, and the ordering quorum.
    public var votingThreshold: Int?
    /// The physical synchronizer serial whose sequencers were probed (Splice 0.6.2 and later).
    public var sequencerSerial: Int?
    /// The migration id whose sequencers were probed, on a network without serials.
    public var migrationID: Int?
    /// Every SV's Scan: where the next run's discovery starts besides the seeds.
    public var scans: [Endpoint]
    /// Every SV's sequencer of the serial (or migration id) probed; `nil` when no quorum of Scans
    /// agreed on the sequencer list.
    public var sequencers: [Endpoint]?
    /// SVs of the set that publish no Scan, or no sequencer for the serial probed.
    public var missingScans: [String]
    public var missingSequencers: [String]

    public init(agreedAt: Timestamp, svCount: Int, votingThreshold: Int?, sequencerSerial: Int?, migrationID: Int?,
                scans: [Endpoint], sequencers: [Endpoint]?, missingScans: [String], missingSequencers: [String]) {
        self.agreedAt = agreedAt
        self.svCount = svCount
        self.votingThreshold = votingThreshold
        self.sequencerSerial = sequencerSerial
        self.migrationID = migrationID
        self.scans = scans
        self.sequencers = sequencers
        self.missingScans = missingScans
        self.missingSequencers = missingSequencers
    }
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

/// An upgrade the network itself announces in its DSO rules.
public struct Announcement: Sendable, Equatable, Codable {
    /// `synchronizer-upgrade` (a hard migration to a new migration id, with downtime) or
    /// `logical-synchronizer-upgrade` (a switch to a new physical synchronizer serial, Splice 0.6.2
    /// and later, after a topology freeze).
    public var kind: String
    /// When the upgrade happens.
    public var at: Timestamp
    public var migrationID: Int?
    /// The new physical synchronizer serial and protocol version of a logical upgrade.
    public var serial: Int?
    public var protocolVersion: String?
    /// When topology changes stop before a logical upgrade (usually 24 h before `at`).
    public var topologyFreezeAt: Timestamp?

    public static let hardMigration = "synchronizer-upgrade"
    public static let logicalUpgrade = "logical-synchronizer-upgrade"

    public init(kind: String, at: Timestamp, migrationID: Int?, serial: Int? = nil, protocolVersion: String? = nil,
                topologyFreezeAt: Timestamp? = nil) {
        self.kind = kind
        self.at = at
        self.migrationID = migrationID
        self.serial = serial
        self.protocolVersion = protocolVersion
        self.topologyFreezeAt = topologyFreezeAt
    }

    /// What the network announced, in words: "logical synchronizer upgrade to serial 2 (protocol
    /// version 34)", "synchronizer upgrade to migration id 5".
    public var summary: String {
        if kind == Self.logicalUpgrade {
            let version = protocolVersion.map { " (protocol version \($0))" } ?? ""
            return "logical synchronizer upgrade" + (serial.map { " to serial \($0)" } ?? "") + version
        }
        return "synchronizer upgrade" + (migrationID.map { " to migration id \($0)" } ?? "")
    }
}
