public import Model

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
