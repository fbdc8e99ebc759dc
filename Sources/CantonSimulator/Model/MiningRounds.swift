internal import Foundation

/// The mining-round schedule as a pure function of time (canton-api.md §3).
///
/// Round N opens at `epoch + N·tick`, so numbers grow by one per tick and a fixed clock always
/// yields the same rounds. The epoch puts 2026-03-31 near MainNet's observed round 89682.
enum MiningRounds {
    struct Round: Sendable, Equatable {
        var number: Int
        var opensAt: Date
        var targetClosesAt: Date { opensAt.addingTimeInterval(2 * MiningRounds.tick) }
    }

    static let tickMicroseconds = 600_000_000
    static let tick: TimeInterval = 600
    static let epoch = Date(timeIntervalSince1970: 1_721_174_400)  // 2024-07-17T00:00:00Z
    /// How long ago the newest round opened under `rounds-stalled`.
    static let stallAge: TimeInterval = 34 * 60

    /// The newest open round: opened within the last tick when healthy, exactly 34 minutes ago when
    /// stalled, and `lagTicks` rounds further back for a Scan that lags behind.
    static func newest(at now: Date, stalled: Bool, lagTicks: Int) -> Round {
        let reference = stalled ? now.addingTimeInterval(-stallAge) : now
        let number = Int((reference.timeIntervalSince(epoch) / tick).rounded(.down))
        let opensAt = stalled ? reference : epoch.addingTimeInterval(Double(number) * tick)
        return Round(number: number - lagTicks, opensAt: opensAt.addingTimeInterval(-Double(lagTicks) * tick))
    }

    /// The three open rounds, oldest first, ending with `newest`.
    static func open(newest: Round) -> [Round] {
        (0..<3).reversed().map { back in
            Round(number: newest.number - back, opensAt: newest.opensAt.addingTimeInterval(-Double(back) * tick))
        }
    }

    /// Issuing rounds for the two rounds before the open ones; each opens one tick after its open
    /// round closed (`opensAt = now + tick` when created at close).
    static func issuing(newest: Round) -> [Round] {
        [4, 3].map { back in
            Round(number: newest.number - back, opensAt: newest.opensAt.addingTimeInterval(Double(3 - back) * tick))
        }
    }
}
