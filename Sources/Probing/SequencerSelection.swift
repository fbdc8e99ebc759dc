internal import Model

/// Which of `/v0/dso-sequencers`' entries are the sequencers validators use now: one per SV.
///
/// Since Splice 0.6.2 logical synchronizer upgrades (LSU) replace hard migrations. One answer can
/// then hold, for the same SV, a previous migration's entry (`availableAfter` =
/// `OffsetDateTime.MIN`), a legacy entry of the frozen migration id, the active serial's entry and
/// an announced successor's entry that shares the active one's `availableAfter` but is not up yet.
/// "The highest migration id" then picks the wrong ones and counts SVs twice, so:
/// - with serial entries, the active serial is `/v0/active-synchronizer-serial` when the list has
///   it; without that endpoint (it is internal), the highest serial below an announced upgrade's
///   new serial (`nextScheduledLogicalSynchronizerUpgrade` in `dso_rules` config), else the
///   highest serial;
/// - without serial entries (Splice before 0.6.2), the highest migration id already available;
/// - either way one entry per SV: the one that became available last (then the first URL).
enum SequencerSelection {
    struct Choice: Equatable, Sendable {
        var sequencers: [NetworkDocuments.Endpoint]
        /// The physical synchronizer serial shown, or `nil` for a pre-LSU network.
        var serial: Int?
        /// The migration id shown for a pre-LSU network.
        var migrationID: Int?
    }

    static func choose(
        _ entries: [NetworkDocuments.SequencerEntry], activeSerial: Int?, upgrade: NetworkDocuments.LogicalUpgrade?, now: Timestamp
    ) -> Choice {
        let serials = Set(entries.compactMap(\.serial))
        if !serials.isEmpty {
            let sorted = serials.sorted(by: >)
            var serial: Int
            if let upgrade, upgrade.upgradeTime > now {
                // An upgrade is ahead: its serial is listed but not up yet. Without its number, the
                // successor is the highest listed and the active one the next.
                serial = upgrade.serial.flatMap { next in sorted.first { $0 < next } } ?? (sorted.count > 1 ? sorted[1] : sorted[0])
            } else {
                serial = sorted[0]
            }
            // The serial Scans report wins when the list has it; a serial without entries would show
            // every SV as publishing no sequencer.
            if let activeSerial, serials.contains(activeSerial) { serial = activeSerial }
            return Choice(sequencers: onePerSV(entries.filter { $0.serial == serial }), serial: serial, migrationID: nil)
        }
        let available = entries.filter { $0.migrationID >= 0 && ($0.availableAfter.map { $0 <= now } ?? true) }
        guard let migration = available.map(\.migrationID).max() else {
            return Choice(sequencers: [], serial: nil, migrationID: nil)
        }
        return Choice(sequencers: onePerSV(available.filter { $0.migrationID == migration }), serial: nil, migrationID: migration)
    }

    private static func onePerSV(_ entries: [NetworkDocuments.SequencerEntry]) -> [NetworkDocuments.Endpoint] {
        var chosen: [String: NetworkDocuments.SequencerEntry] = [:]
        for entry in entries {
            guard let current = chosen[entry.sv] else {
                chosen[entry.sv] = entry
                continue
            }
            let newer = (entry.availableAfter?.secondsSince1970 ?? .min, current.url) > (current.availableAfter?.secondsSince1970 ?? .min, entry.url)
            if newer { chosen[entry.sv] = entry }
        }
        return chosen.values.map { NetworkDocuments.Endpoint(sv: $0.sv, url: $0.url) }.sorted()
    }
}
