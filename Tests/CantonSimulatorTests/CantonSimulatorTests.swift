import CantonSimulator
import Foundation
import Testing

/// In-process use of the simulator, the way canton-status tests drive it.
struct CantonSimulatorTests {
    @Test func servesHealthyNetworkAndFollowsScenariosAndClock() async throws {
        try await withSimulator(.init(svCount: 4, now: fixedNow)) { sim async throws in
            #expect(sim.endpoints.svs.map(\.name).first == "Global-Synchronizer-Foundation")
            #expect(try await status(sim.endpoints.seedScan + "/api/scan/readyz") == 200)

            let scans = try await text(sim.endpoints.seedScan + "/api/scan/v0/scans")
            #expect(scans.contains(#""svName":"Cumberland-1""#))

            let before = try await newestRound(sim)
            await sim.advanceClock(by: 600)
            #expect(try await newestRound(sim) == before + 1)

            await sim.set([.svsDown(count: 1)])
            let last = try #require(sim.endpoints.svs.last)
            #expect(try await status(last.scan + "/api/scan/readyz") == 503)
            #expect(try await status(last.sequencer + "/health") == 503)
            #expect(try await status(sim.endpoints.seedScan + "/api/scan/readyz") == 200)
        }
    }

    @Test(arguments: [
        ("/control/scenario", "not json"), ("/control/scenario", #"{"scenarios":["svs-down:3"]}"#),
        ("/control/clock", #"{"now":"tomorrow"}"#), ("/control/clock", "{}"),
    ])
    func controlRejectsBadInputWith400(path: String, payload: String) async throws {
        try await withSimulator(.init(svCount: 2, now: fixedNow)) { sim async throws in
            #expect(try await status(sim.endpoints.control + path, post: payload) == 400)
        }
    }

    private func newestRound(_ sim: CantonSimulator) async throws -> Int {
        let body = try await text(sim.endpoints.seedScan + "/api/scan/v0/dso")
        let match = try #require(body.firstMatch(of: /"latest_mining_round".*?"number":"(\d+)"/))
        return try #require(Int(match.1))
    }
}
