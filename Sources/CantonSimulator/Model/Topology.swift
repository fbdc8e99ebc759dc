internal import Foundation

/// Who is in the simulated network, their ledger identities, and the URLs they listen on.
///
/// Everything here is fixed once the listeners are bound: identities derive from SV names, so they
/// are the same on every run; only the ports (chosen by the OS) differ.
struct Topology: Sendable {
    struct SV: Sendable {
        var name: String
        /// `http://127.0.0.1:P`: the SV's one HTTP server, Scan under `/api/scan/`, SV app under `/api/sv/`.
        var baseURL: String
        /// `http://127.0.0.1:Q`: stands in for the gRPC `sequencer-<serial>.<host>` endpoint of the
        /// active serial, the only sequencer entry in `/v0/dso-sequencers` that is not ``Topology/deadURL``.
        var sequencerURL: String
        var party: String
    }

    var svs: [SV]
    /// MainNet's migration id since 2025-12-10 (canton-api.md §4). Splice 0.6.2 froze it: upgrades
    /// since then move to a new physical synchronizer serial instead (canton-api.md §8).
    var migrationId = 4
    /// When the migration-4 sequencers became available.
    var migratedAt = Date(timeIntervalSince1970: 1_765_375_200)  // 2025-12-10T14:00:00Z
    /// The migration before ``migrationId``, whose sequencers `/v0/dso-sequencers` still lists.
    var previousMigrationId = 3
    /// When the migration-3 sequencers became available (CIP-0062's MainNet date); served only in the
    /// pre-0.6.2 shape, because 0.6.2 reports a previous migration as available since `OffsetDateTime.MIN`.
    var previousMigratedAt = Date(timeIntervalSince1970: 1_750_856_400)  // 2025-06-25T13:00:00Z
    /// The physical synchronizer serial in use (`/v0/active-synchronizer-serial`).
    var activeSerial = 1
    /// When serial ``activeSerial`` took over: the first logical synchronizer upgrade, on the
    /// MainNet date the LSU draft CIP proposes (canton-api.md §7).
    var activeSerialSince = Date(timeIntervalSince1970: 1_781_960_400)  // 2026-06-20T13:00:00Z
    /// The Canton protocol version of the active serial; an announced successor keeps it.
    var protocolVersion = 34
    var synchronizerId = "global-domain::" + Topology.fingerprint("global-domain")
    var dsoParty = "DSO::" + Topology.fingerprint("dso")

    /// Where a retired or not yet started sequencer "listens": a loopback port where nothing does.
    ///
    /// `/v0/dso-sequencers` lists entries that are not the active sequencer (a previous migration's,
    /// the frozen migration id's, an announced successor's). Pointing them all here means a prober
    /// that picks the wrong entry sees every sequencer refuse connections, instead of passing by
    /// reaching the real one. Port 1 (tcpmux) is privileged and practically never served, so nothing
    /// answers there (`SequencerListTests` checks that a connection is refused).
    static let deadURL = "http://127.0.0.1:1"

    /// The SV names of canton-api.md §4 (MainNet order, then DevNet's extra), then made-up ones.
    static func svName(_ index: Int) -> String {
        let real = [
            "Global-Synchronizer-Foundation", "Digital-Asset-1", "Digital-Asset-2", "Cumberland-1", "Cumberland-2",
            "SV-Nodeops-Limited", "MPC-Holding-Inc", "Orb-1-LP-1", "Tradeweb-Markets-1",
            "C7-Technology-Services-Limited", "Proof-Group-1", "Liberty-City-Ventures-1", "Five-North-1",
            "DA-Helm-Test-Node",
        ]
        return index < real.count ? real[index] : "Sim-SV-\(index + 1)"
    }

    init(svPorts: [(http: UInt16, sequencer: UInt16)]) {
        svs = svPorts.enumerated().map { index, ports in
            let name = Self.svName(index)
            return SV(
                name: name, baseURL: "http://127.0.0.1:\(ports.http)",
                sequencerURL: "http://127.0.0.1:\(ports.sequencer)", party: "\(name)::" + Self.fingerprint(name))
        }
    }

    /// A stable, namespace-like `1220` + 64 hex digits derived from `seed` (FNV-1a, four salts, mixed).
    ///
    /// Real fingerprints are SHA-256 multihashes; the simulator needs only the shape and stability.
    static func fingerprint(_ seed: String) -> String {
        "1220" + hex64(seed)
    }

    /// A stable contract id in the `00…` form Canton uses.
    static func contractId(_ seed: String) -> String {
        "00" + hex64(seed)
    }

    private static func hex64(_ seed: String) -> String {
        (0..<4).map { salt in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in "\(salt):\(seed)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            // MurmurHash3's finalizer, so seeds differing in the last character look unrelated.
            hash = (hash ^ (hash >> 33)) &* 0xff51_afd7_ed55_8ccd
            hash = (hash ^ (hash >> 33)) &* 0xc4ce_b9fe_1a85_ec53
            hash ^= hash >> 33
            let digits = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }
}
