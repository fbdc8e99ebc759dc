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

    func has(_ scenario: Scenario) -> Bool { scenarios.contains(scenario) }

    /// True for the last K SVs under `svs-down:K` (the largest K wins).
    func isDown(_ sv: Int) -> Bool {
        let down = scenarios.map { if case .svsDown(let count) = $0 { count } else { 0 } }.max() ?? 0
        return sv >= svCount - down
    }

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

    /// The newest open round as this SV's Scan reports it (`round-disagreement` lags the last SV).
    func newestRound(seenBy sv: Int?) -> MiningRounds.Round {
        let lag = sv.map { has(.roundDisagreement) && isLast($0) ? 3 : 0 } ?? 0
        return MiningRounds.newest(at: now, stalled: has(.roundsStalled), lagTicks: lag)
    }

    /// Under `migration-upcoming`: the next migration id and its time, three days after the start
    /// of the current UTC hour (so it stays put while the wall clock runs).
    func scheduledUpgrade(currentMigrationId: Int) -> (time: Date, migrationId: Int)? {
        guard has(.migrationUpcoming) else { return nil }
        let hourStart = (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600
        return (Date(timeIntervalSince1970: hourStart + 3 * 86_400), currentMigrationId + 1)
    }
}
