internal import Foundation

/// `/v0/dso-sequencers` and `/v0/active-synchronizer-serial`: where the sequencers are, in the
/// shapes of logical synchronizer upgrades (Splice 0.6.2, canton-api.md §8) or of the migrations before.
///
/// Only one entry per SV points at its running sequencer; every other one points at
/// ``Topology/deadURL``, so a prober that picks by the wrong rule (the highest `migrationId`, any
/// entry already available) finds every sequencer refusing connections.
extension ScanDocuments {
    /// How Splice serialises Java's `OffsetDateTime.MIN`, the `availableAfter` of a previous
    /// migration's entry once serials exist: it is not a valid ISO 8601 instant for most parsers.
    static let offsetDateTimeMin = "-999999999-01-01T00:00:00+18:00"

    /// `GET /v0/dso-sequencers`: per listed SV, in order, the previous migration's entry, the frozen
    /// migration id's, the active serial's (the live one) and, under `lsu-upcoming`, the successor's
    /// with the same `availableAfter`. Under `legacy-sequencers`: the previous migration's and the
    /// current migration id's (the live one), without serials.
    var dsoSequencers: JSON {
        let entries = listedSVs.flatMap { index in
            world.knowsSerials ? serialEntries(topology.svs[index]) : legacyEntries(topology.svs[index])
        }
        return ["domainSequencers": [["domainId": .string(topology.synchronizerId), "sequencers": .array(entries)]]]
    }

    /// `GET /v0/active-synchronizer-serial`: `{"serial":1}`, or nil (404) before serials existed.
    var activeSynchronizerSerial: JSON? {
        world.knowsSerials ? ["serial": .int(topology.activeSerial)] : nil
    }

    private func serialEntries(_ sv: Topology.SV) -> [JSON] {
        let (previous, frozen) = (topology.previousMigrationId, topology.migrationId)
        let active = SimulatedTime.format(topology.activeSerialSince)
        var entries = [
            sequencer(sv, migrationId: previous, url: Topology.deadURL, after: Self.offsetDateTimeMin),
            sequencer(sv, migrationId: frozen, url: Topology.deadURL, after: SimulatedTime.format(topology.migratedAt)),
            sequencer(sv, serial: topology.activeSerial, url: sv.sequencerURL, after: active),
        ]
        if let upgrade = world.scheduledLogicalUpgrade(currentSerial: topology.activeSerial) {
            // Splice announces the successor with the active entry's `availableAfter`, not the
            // upgrade time: the time alone cannot tell a prober which entry is live.
            entries.append(sequencer(sv, serial: upgrade.serial, url: Topology.deadURL, after: active))
        }
        return entries
    }

    private func legacyEntries(_ sv: Topology.SV) -> [JSON] {
        let previousSince = SimulatedTime.format(topology.previousMigratedAt)
        let currentSince = SimulatedTime.format(topology.migratedAt)
        return [
            sequencer(sv, migrationId: topology.previousMigrationId, url: Topology.deadURL, after: previousSince),
            sequencer(sv, migrationId: topology.migrationId, url: sv.sequencerURL, after: currentSince),
        ]
    }

    /// A `DsoSequencer` of the migration-id era.
    private func sequencer(_ sv: Topology.SV, migrationId: Int, url: String, after: String) -> JSON {
        dsoSequencer(sv, [("migrationId", .int(migrationId))], url: url, after: after)
    }

    /// A `DsoSequencer` of a physical synchronizer serial: Splice sets its `migrationId` to -1.
    private func sequencer(_ sv: Topology.SV, serial: Int, url: String, after: String) -> JSON {
        dsoSequencer(sv, [("migrationId", -1), ("synchronizerSerial", .int(serial))], url: url, after: after)
    }

    private func dsoSequencer(_ sv: Topology.SV, _ version: [(String, JSON)], url: String, after: String) -> JSON {
        .object(version + [
            ("id", .string("SEQ::" + sv.party)), ("url", .string(url)), ("svName", .string(sv.name)),
            ("availableAfter", .string(after)),
        ])
    }
}
