public import Model

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
