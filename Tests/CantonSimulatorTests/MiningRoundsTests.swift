import CantonSimulator
import Foundation
import Testing

/// Rounds as Splice 0.6 advances them: the newest open round opens up to one tick after now
/// (canton-api.md §8), and "time since the network advanced" is `now − (opensAt − tick)`.
struct MiningRoundsTests {
    /// Just after, between and just before tick boundaries: the last advance is 14:00 in all three.
    @Test(arguments: ["2026-11-20T14:00:00Z", "2026-11-20T14:05:00Z", "2026-11-20T14:09:59Z"])
    func newestOpenRoundOpensATickAfterTheLastAdvance(at time: String) async throws {
        let now = try #require(SimulatedTime.parse(time))
        let lastAdvance = try #require(SimulatedTime.parse("2026-11-20T14:00:00Z"))
        try await withSimulator(.init(svCount: 2, now: now)) { sim async throws in
            let rounds = try await ScanRounds(scan: sim.endpoints.seedScan)
            #expect(rounds.tickSeconds == tick)
            let newest = try #require(rounds.newest)
            #expect(newest.opensAt.addingTimeInterval(-tick) <= now && now < newest.opensAt)
            #expect(rounds.open.map(\.number) == [newest.number - 2, newest.number - 1, newest.number])
            #expect(rounds.open.map(\.opensAt) == [-tick, 0, tick].map(lastAdvance.addingTimeInterval))
            #expect(rounds.open.map(\.targetClosesAt) == rounds.open.map { $0.opensAt.addingTimeInterval(2 * tick) })
            // Issuing rounds: the two rounds before the open ones, each opening a tick after it was archived.
            #expect(rounds.issuing.map(\.number) == [newest.number - 4, newest.number - 3])
            #expect(rounds.issuing.map(\.opensAt) == [0, tick].map(lastAdvance.addingTimeInterval))

            let latest = try await latestMiningRound(sim.endpoints.seedScan + "/api/scan/v0/dso")
            #expect(latest.number == newest.number && latest.opensAt == newest.opensAt)
        }
    }

    /// Numbers are a pure function of time with the same epoch as before Splice 0.6: round N is
    /// created at `epoch + N·tick`, 2024-07-17T00:00Z + 123 348 ticks = 2026-11-20T14:00Z.
    @Test func numberingIsStable() async throws {
        try await withSimulator(.init(svCount: 1, now: fixedNow)) { sim async throws in
            #expect(try await ScanRounds(scan: sim.endpoints.seedScan).newest?.number == 123_348)
            await sim.advanceClock(by: tick)
            #expect(try await ScanRounds(scan: sim.endpoints.seedScan).newest?.number == 123_349)
        }
    }

    @Test func stalledNetworkLastAdvancedExactly34MinutesAgo() async throws {
        try await withSimulator(.init(svCount: 2, scenarios: [.roundsStalled], now: fixedNow)) { sim async throws in
            for sv in sim.endpoints.svs {
                let newest = try #require(try await ScanRounds(scan: sv.scan).newest)
                #expect(fixedNow.timeIntervalSince(newest.opensAt.addingTimeInterval(-tick)) == 34 * 60)
            }
        }
    }

    @Test func lastScanLagsThreeTicksUnderRoundDisagreement() async throws {
        try await withSimulator(.init(svCount: 3, scenarios: [.roundDisagreement], now: fixedNow)) { sim async throws in
            let seed = try #require(try await ScanRounds(scan: sim.endpoints.seedScan).newest)
            let last = try #require(try await ScanRounds(scan: sim.endpoints.svs[2].scan).newest)
            #expect(last.number == seed.number - 3)
            #expect(last.opensAt == seed.opensAt.addingTimeInterval(-3 * tick))
            #expect(try await ScanRounds(scan: sim.endpoints.svs[1].scan).newest == seed)
        }
    }
}
