internal import Foundation

/// The mining-round schedule as a pure function of time (canton-api.md §3 and §8).
///
/// The network advances at every tick boundary `epoch + N·tick`. Splice's
/// `AmuletRules_AdvanceOpenMiningRounds` creates the newest open round with
/// `opensAt = max(now, latest.opensAt) + tick`, so the round numbered N, created at the N-th
/// boundary, opens one tick *later*: a healthy network's newest round is always up to one tick in
/// the future. Numbers grow by one per tick and a fixed clock always yields the same rounds. The
/// epoch puts 2026-03-31 near MainNet's observed round 89682.
enum MiningRounds {
    struct Round: Sendable, Equatable {
        var number: Int
        var opensAt: Date
        var targetClosesAt: Date { opensAt.addingTimeInterval(2 * MiningRounds.tick) }
        /// When the network created this round: one tick before it opens.
        var createdAt: Date { opensAt.addingTimeInterval(-MiningRounds.tick) }
    }

    static let tickMicroseconds = 600_000_000
    static let tick: TimeInterval = 600
    static let epoch = Date(timeIntervalSince1970: 1_721_174_400)  // 2024-07-17T00:00:00Z
    /// How long ago the network last advanced under `rounds-stalled`: past the 30-minute stall rule
    /// of canton-api.md §3, and not a multiple of the tick, so a prober cannot round it away.
    static let stallAge: TimeInterval = 34 * 60

    /// When the network last advanced: the latest tick boundary at or before `now`, or exactly
    /// ``stallAge`` before `now` when stalled (a stalled network stops between boundaries).
    static func lastAdvance(at now: Date, stalled: Bool) -> Date {
        if stalled { return now.addingTimeInterval(-stallAge) }
        let boundaries = (now.timeIntervalSince(epoch) / tick).rounded(.down)
        return epoch.addingTimeInterval(boundaries * tick)
    }

    /// The newest open round, created at the last advance A and opening at A + tick; a Scan that
    /// lags `lagTicks` behind reports the round that was newest that many ticks ago.
    static func newest(at now: Date, stalled: Bool, lagTicks: Int) -> Round {
        let advanced = lastAdvance(at: now, stalled: stalled)
        let number = Int((advanced.timeIntervalSince(epoch) / tick).rounded(.down))
        return Round(number: number - lagTicks, opensAt: advanced.addingTimeInterval(Double(1 - lagTicks) * tick))
    }

    /// The three open rounds, oldest first, ending with `newest`: opened a tick before the last
    /// advance, at it, and (the newest) a tick after it.
    static func open(newest: Round) -> [Round] {
        (0..<3).reversed().map { back in
            Round(number: newest.number - back, opensAt: newest.opensAt.addingTimeInterval(-Double(back) * tick))
        }
    }

    /// Issuing rounds for the two rounds before the open ones. Each is created when its open round
    /// is archived at an advance, with `opensAt = now + tick`: the one archived at the last advance
    /// opens together with the newest open round, the one before it a tick earlier.
    static func issuing(newest: Round) -> [Round] {
        [4, 3].map { back in
            Round(number: newest.number - back, opensAt: newest.opensAt.addingTimeInterval(Double(3 - back) * tick))
        }
    }
}
