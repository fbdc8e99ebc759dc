import CantonSimulator
import Foundation
import Testing

/// Faults that test whether a prober trusts the seed Scan alone, and `sv-no-scan`. Each must reach
/// the seed only: SV 1's Scan, the seed's SV app and the DSO mirror keep telling the truth.
struct SeedFaultTests {
    @Test func seedDownTakesOnlyTheSeedScanAway() async throws {
        let options = CantonSimulator.Options(svCount: 4, scenarios: [.seedDown, .svsDown(count: 2)], now: fixedNow)
        try await withSimulator(options) { sim async throws in
            let seed = sim.endpoints.svs[0]
            for endpoint in ["readyz", "livez", "status", "version", "v0/scans", "v0/dso", "v0/dso-sequencers"] {
                #expect(try await status(seed.scan + "/api/scan/" + endpoint) == 503, "\(endpoint)")
                #expect(try await status(sim.endpoints.svs[1].scan + "/api/scan/" + endpoint) == 200, "\(endpoint)")
            }
            #expect(try await status(seed.sv + "/api/sv/readyz") == 200)
            #expect(try await status(seed.sv + "/api/sv/v0/dso") == 200)
            for down in sim.endpoints.svs[2...] {
                #expect(try await status(down.scan + "/api/scan/readyz") == 503)
                #expect(try await status(down.sv + "/api/sv/readyz") == 503)
            }
        }
    }

    @Test func seedStaleServesRoundsFiveTicksOldOnTheSeedOnly() async throws {
        try await withSimulator(.init(svCount: 3, scenarios: [.seedStale], now: fixedNow)) { sim async throws in
            let truth = try #require(try await ScanRounds(scan: sim.endpoints.svs[1].scan).newest)
            #expect(truth.opensAt.addingTimeInterval(-tick) <= fixedNow && fixedNow < truth.opensAt)

            let stale = try #require(try await ScanRounds(scan: sim.endpoints.seedScan).newest)
            #expect(stale.number == truth.number - 5)
            #expect(stale.opensAt == truth.opensAt.addingTimeInterval(-5 * tick))
            let seedDso = try await latestMiningRound(sim.endpoints.seedScan + "/api/scan/v0/dso")
            #expect(seedDso.number == stale.number && seedDso.opensAt == stale.opensAt)
            #expect(try await status(sim.endpoints.seedScan + "/api/scan/readyz") == 200)

            for dso in [sim.endpoints.dsoMirror, sim.endpoints.svs[1].scan + "/api/scan/v0/dso",
                sim.endpoints.seedScan + "/api/sv/v0/dso"]
            {
                let latest = try await latestMiningRound(dso)
                #expect(latest.number == truth.number && latest.opensAt == truth.opensAt, "\(dso)")
            }
        }
    }

    @Test func seedLiesForgesAOneSVNetworkOnTheSeedOnly() async throws {
        try await withSimulator(.init(svCount: 4, scenarios: [.seedLies], now: fixedNow)) { sim async throws in
            let names = sim.endpoints.svs.map(\.name)
            let seed = sim.endpoints.seedScan
            #expect(try await scanNames(seed) == [names[0]])
            #expect(try await sequencerNames(seed) == [names[0]])
            try await expectDso(seed + "/api/scan/v0/dso", names: [names[0]], threshold: 1)

            #expect(try await scanNames(sim.endpoints.svs[1].scan) == names)
            #expect(try await sequencerNames(sim.endpoints.svs[1].scan) == names)
            let truthful = [
                sim.endpoints.svs[1].scan + "/api/scan/v0/dso", sim.endpoints.dsoMirror, seed + "/api/sv/v0/dso",
            ]
            for dso in truthful { try await expectDso(dso, names: names, threshold: 3) }
        }
    }

    @Test func svNoScanIsUnlistedButStaysAnSVWithASequencer() async throws {
        let options = CantonSimulator.Options(svCount: 4, scenarios: [.svNoScan(index: 2)], now: fixedNow)
        try await withSimulator(options) { sim async throws in
            let names = sim.endpoints.svs.map(\.name)
            let hidden = sim.endpoints.svs[2]
            for scan in [sim.endpoints.svs[0].scan, sim.endpoints.svs[1].scan, sim.endpoints.svs[3].scan] {
                #expect(try await scanNames(scan) == names.filter { $0 != hidden.name })
                #expect(try await sequencerNames(scan) == names)
            }
            for dso in [sim.endpoints.seedScan + "/api/scan/v0/dso", sim.endpoints.dsoMirror] {
                let body = try await parsed(dso)
                #expect(body["dso_rules", "contract", "payload", "svs"].array.map { $0[1, "name"].string } == names)
                let states = body["sv_node_states"].array
                #expect(states.map { $0["contract", "payload", "svName"].string } == names)
                for (index, state) in states.enumerated() {
                    let node = state["contract", "payload", "state", "synchronizerNodes", 0, 1]
                    #expect(node.keys?.contains("scan") == (index != 2), "\(names[index]) in \(dso)")
                    #expect(node["sequencer", "url"].string == sim.endpoints.svs[index].sequencer)
                }
            }
            #expect(try await status(hidden.scan + "/api/scan/readyz") == 404)
            #expect(try await status(hidden.sv + "/api/sv/readyz") == 200)
        }
    }

    /// Splice's threshold is ceil(2n/3): 9 of 13, 3 of 4, 1 of 1.
    @Test(arguments: [(13, 9), (4, 3), (2, 2), (1, 1)])
    func votingThresholdIsTwoThirdsRoundedUp(svCount: Int, threshold: Int) async throws {
        try await withSimulator(.init(svCount: svCount, now: fixedNow)) { sim async throws in
            #expect(try await parsed(sim.endpoints.seedScan + "/api/scan/v0/dso")["voting_threshold"].int == threshold)
        }
    }

    /// Equal worlds give equal bytes, with every new shape and fault switched on.
    @Test func bodiesAreByteIdenticalForAFixedClock() async throws {
        let scenarios: [Scenario] = [.lsuUpcoming, .seedStale, .svNoScan(index: 1), .migrationUpcoming]
        try await withSimulator(.init(svCount: 3, scenarios: scenarios, now: fixedNow)) { sim async throws in
            let seed = sim.endpoints.seedScan + "/api/scan/"
            for url in [seed + "v0/dso", seed + "v0/dso-sequencers", seed + "v0/scans", sim.endpoints.dsoMirror] {
                #expect(try await text(url) == (try await text(url)), "\(url)")
            }
            let rounds = seed + "v0/open-and-issuing-mining-rounds"
            #expect(try await text(rounds, post: "{}") == (try await text(rounds, post: "{}")))
        }
    }

    @Test func controlServerAcceptsTheNewScenarios() async throws {
        try await withSimulator(.init(svCount: 3, now: fixedNow)) { sim async throws in
            let control = sim.endpoints.control + "/control/scenario"
            let names = ["seed-down", "seed-stale", "seed-lies", "sv-no-scan:2", "lsu-upcoming", "legacy-sequencers"]
            let list = names.map { "\"\($0)\"" }.joined(separator: ",")
            let state = try await parsed(control, post: #"{"scenarios":[\#(list)]}"#)
            #expect(state["scenarios"].array.map(\.string) == names)
            for outOfRange in ["sv-no-scan:3", "sv-no-scan:0"] {
                #expect(try await status(control, post: #"{"scenarios":["\#(outOfRange)"]}"#) == 400)
            }
        }
    }

    private func scanNames(_ scan: String) async throws -> [String?] {
        let groups = try await parsed(scan + "/api/scan/v0/scans")["scans"].array
        #expect(groups.count == 1)
        return groups.flatMap { $0["scans"].array.map { $0["svName"].string } }
    }

    /// The SV names of `/v0/dso-sequencers`, each once, in order.
    private func sequencerNames(_ scan: String) async throws -> [String?] {
        let entries = try await parsed(scan + "/api/scan/v0/dso-sequencers")["domainSequencers", 0, "sequencers"].array
        var names: [String?] = []
        for name in entries.map({ $0["svName"].string }) where names.last != name { names.append(name) }
        return names
    }

    private func expectDso(_ url: String, names: [String], threshold: Int) async throws {
        let body = try await parsed(url)
        #expect(body["voting_threshold"].int == threshold, "\(url)")
        #expect(body["dso_rules", "contract", "payload", "svs"].array.map { $0[1, "name"].string } == names, "\(url)")
        #expect(body["sv_node_states"].array.map { $0["contract", "payload", "svName"].string } == names, "\(url)")
    }
}
