internal import Foundation

/// The network's condition at one instant: active scenarios plus the simulated time.
///
/// Handlers take one `World` per request and derive everything from it, so a response never mixes
/// two clock readings or two scenario sets, and equal worlds give byte-identical bodies.
struct World: Sendable {
    var scenarios: [Scenario]
    var now: Date
    /// Simulated time when the simulator started; `status` reports uptime from it.
    var startedAt: Date
    var svCount: Int

    /// How far the last SV's Scan lags under `round-disagreement`.
    static let disagreementTicks = 3
    /// How old the seed Scan's rounds are under `seed-stale`: 50 minutes, past every stall rule.
    static let seedStaleTicks = 5

    /// A logical synchronizer upgrade that the DSO has scheduled (`lsu-upcoming`).
    struct LogicalUpgrade: Sendable, Equatable {
        /// Topology changes stop here, 24 h before the switch-over (the LSU draft CIP).
        var topologyFreezeTime: Date
        var upgradeTime: Date
        var serial: Int
    }

    func has(_ scenario: Scenario) -> Bool { scenarios.contains(scenario) }

    /// True for the last K SVs under `svs-down:K` (the largest K wins): the whole SV is down,
    /// its Scan, SV app and sequencer.
    func isDown(_ sv: Int) -> Bool {
        let down = scenarios.map { if case .svsDown(let count) = $0 { count } else { 0 } }.max() ?? 0
        return sv >= svCount - down
    }

    /// True when this SV's Scan alone is unreachable (`seed-down` on SV 0): every `/api/scan/` path,
    /// health included, answers 503, while ``isDown(_:)`` stays false because its SV app and
    /// sequencer keep running.
    func isScanDown(_ sv: Int) -> Bool { sv == 0 && has(.seedDown) }

    /// False for the SV of `sv-no-scan:I`: it runs no Scan, so no `/v0/scans` lists it and its node
    /// state has no `scan` entry.
    func publishesScan(_ sv: Int) -> Bool { !has(.svNoScan(index: sv)) }

    /// True when `viewer` is the seed Scan under `seed-lies`: it answers a forged network of one SV.
    func forgesNetwork(_ viewer: Viewer) -> Bool { viewer == .scan(0) && has(.seedLies) }

    /// The `sv-slow` delay for this SV in milliseconds, or nil (the largest applies).
    func delayMilliseconds(_ sv: Int) -> Int? {
        scenarios.compactMap { if case .svSlow(sv, let ms) = $0 { ms } else { nil } }.max()
    }

    func isLast(_ sv: Int) -> Bool { sv == svCount - 1 }

    /// `0.5.3`, or `0.5.2` for the last SV under `version-drift`.
    func version(_ sv: Int) -> (version: String, committedAt: String) {
        has(.versionDrift) && isLast(sv)
            ? ("0.5.2", "2026-01-15T10:00:00Z") : ("0.5.3", "2026-02-02T09:30:00Z")
    }

    /// The newest open round as `viewer` reports it: `round-disagreement` lags the last SV (its
    /// Scan and SV app), `seed-stale` lags the seed Scan only; the two add up on a one-SV network.
    func newestRound(seenBy viewer: Viewer) -> MiningRounds.Round {
        var lag = 0
        if has(.roundDisagreement), viewer != .network, isLast(viewer.sv) { lag += Self.disagreementTicks }
        if has(.seedStale), viewer == .scan(0) { lag += Self.seedStaleTicks }
        return MiningRounds.newest(at: now, stalled: has(.roundsStalled), lagTicks: lag)
    }

    /// Under `migration-upcoming`: the next migration id and its time, three days after the start
    /// of the current UTC hour (so it stays put while the wall clock runs).
    func scheduledUpgrade(currentMigrationId: Int) -> (time: Date, migrationId: Int)? {
        guard has(.migrationUpcoming) else { return nil }
        return (threeDaysAfterHourStart, currentMigrationId + 1)
    }

    /// False under `legacy-sequencers`: Scan predates Splice 0.6.2, so it knows no physical
    /// synchronizer serials (no serial entries, no `/v0/active-synchronizer-serial`).
    var knowsSerials: Bool { !has(.legacySequencers) }

    /// Under `lsu-upcoming`: the successor serial, switched to three days after the start of the
    /// current UTC hour (as ``scheduledUpgrade(currentMigrationId:)``). Nil under
    /// `legacy-sequencers` too, because a network without serials cannot schedule one.
    func scheduledLogicalUpgrade(currentSerial: Int) -> LogicalUpgrade? {
        guard has(.lsuUpcoming), knowsSerials else { return nil }
        let upgradeTime = threeDaysAfterHourStart
        return LogicalUpgrade(
            topologyFreezeTime: upgradeTime.addingTimeInterval(-86_400), upgradeTime: upgradeTime,
            serial: currentSerial + 1)
    }

    private var threeDaysAfterHourStart: Date {
        let hourStart = (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600
        return Date(timeIntervalSince1970: hourStart + 3 * 86_400)
    }
}
