import CantonSimulator
import Foundation
import Testing

/// `/v0/dso-sequencers`, `/v0/active-synchronizer-serial` and the LSU schedule in `/v0/dso`
/// (canton-api.md §8): which entry is live must be told by serial, not by migration id or time.
struct SequencerListTests {
    /// One `DsoSequencer`, decoded with integers as JSON numbers (a string would fail to decode).
    struct Entry: Decodable, Equatable, CustomStringConvertible {
        var migrationId: Int
        var synchronizerSerial: Int?
        var id: String
        var url: String
        var svName: String
        var availableAfter: String
        var description: String { "\(svName) m\(migrationId) s\(synchronizerSerial.map(String.init) ?? "-") \(url)" }
    }

    struct Listing: Decodable {
        struct Group: Decodable {
            var domainId: String
            var sequencers: [Entry]
        }
        var domainSequencers: [Group]
    }

    static let javaMin = "-999999999-01-01T00:00:00+18:00"
    static let deadURL = "http://127.0.0.1:1"

    /// The entries one SV should have, `id` aside (it is checked against the DSO's parties).
    static func expected(
        _ sv: Endpoints.SV, successor: Bool = false, legacy: Bool = false
    ) -> [(Int, Int?, String, String)] {
        if legacy {
            return [(3, nil, deadURL, "2025-06-25T13:00:00Z"), (4, nil, sv.sequencer, "2025-12-10T14:00:00Z")]
        }
        let entries: [(Int, Int?, String, String)] = [
            (3, nil, deadURL, javaMin), (4, nil, deadURL, "2025-12-10T14:00:00Z"),
            (-1, 1, sv.sequencer, "2026-06-20T13:00:00Z"),
        ]
        return successor ? entries + [(-1, 2, deadURL, "2026-06-20T13:00:00Z")] : entries
    }

    private func listing(_ scan: String) async throws -> (Listing, String) {
        let body = try await text(scan + "/api/scan/v0/dso-sequencers")
        return (try JSONDecoder().decode(Listing.self, from: Data(body.utf8)), body)
    }

    /// Checks every SV's entries, in order, in the one group of the active synchronizer.
    private func expectListing(_ sim: CantonSimulator, successor: Bool = false, legacy: Bool = false) async throws {
        let (listing, body) = try await listing(sim.endpoints.seedScan)
        let dso = try await parsed(sim.endpoints.seedScan + "/api/scan/v0/dso")
        let config = dso["dso_rules", "contract", "payload", "config", "decentralizedSynchronizer"]
        #expect(listing.domainSequencers.map(\.domainId) == [try #require(config["activeSynchronizerId"].string)])
        let parties = Dictionary(uniqueKeysWithValues: dso["dso_rules", "contract", "payload", "svs"].array.map {
            ($0[1, "name"].string ?? "", $0[0].string ?? "")
        })
        let entries = try #require(listing.domainSequencers.first).sequencers
        let want = sim.endpoints.svs.flatMap { sv in
            Self.expected(sv, successor: successor, legacy: legacy).map { migration, serial, url, after in
                Entry(
                    migrationId: migration, synchronizerSerial: serial, id: "SEQ::" + (parties[sv.name] ?? "?"),
                    url: url, svName: sv.name, availableAfter: after)
            }
        }
        #expect(entries == want)
        #expect(body.contains("synchronizerSerial") == !legacy)
    }

    @Test func listsPreviousFrozenAndActiveEntriesPerSV() async throws {
        try await withSimulator(.init(svCount: 4, now: fixedNow)) { sim async throws in
            try await expectListing(sim)
        }
    }

    @Test func listsTheSuccessorOnlyUnderLsuUpcoming() async throws {
        try await withSimulator(.init(svCount: 3, scenarios: [.lsuUpcoming], now: fixedNow)) { sim async throws in
            try await expectListing(sim, successor: true)
            await sim.set([])
            try await expectListing(sim, successor: false)
        }
    }

    @Test func legacySequencersServesThePre062Shape() async throws {
        try await withSimulator(.init(svCount: 3, scenarios: [.legacySequencers], now: fixedNow)) { sim async throws in
            try await expectListing(sim, legacy: true)
            #expect(try await status(sim.endpoints.seedScan + "/api/scan/v0/active-synchronizer-serial") == 404)
        }
    }

    @Test func activeSynchronizerSerialIsOne() async throws {
        try await withSimulator(.init(svCount: 2, scenarios: [.lsuUpcoming], now: fixedNow)) { sim async throws in
            for sv in sim.endpoints.svs {
                #expect(try await text(sv.scan + "/api/scan/v0/active-synchronizer-serial") == #"{"serial":1}"#)
            }
        }
    }

    /// The dead URL is the point of the non-live entries: a prober that picks one must fail loudly.
    @Test func nonLiveEntriesPointWhereNothingListens() async throws {
        try await withSimulator(.init(svCount: 1, scenarios: [.lsuUpcoming], now: fixedNow)) { sim async throws in
            let (listing, _) = try await listing(sim.endpoints.seedScan)
            let dead = Set(try #require(listing.domainSequencers.first).sequencers.map(\.url))
                .subtracting([sim.endpoints.svs[0].sequencer])
            #expect(dead == [Self.deadURL])
            await #expect(throws: (any Error).self) { _ = try await fetch(Self.deadURL + "/health") }
        }
    }

    @Test func nodeStatesPointAtTheActiveSerialsSequencer() async throws {
        try await withSimulator(.init(svCount: 3, scenarios: [.lsuUpcoming], now: fixedNow)) { sim async throws in
            let states = try await parsed(sim.endpoints.seedScan + "/api/scan/v0/dso")["sv_node_states"].array
            #expect(states.count == 3)
            for (state, sv) in zip(states, sim.endpoints.svs) {
                let nodes = state["contract", "payload", "state", "synchronizerNodes", 0, 1]
                #expect(nodes["sequencer", "url"].string == sv.sequencer)
                #expect(nodes["sequencer", "availableAfter"].string == "2026-06-20T13:00:00Z")
            }
        }
    }

    @Test func lsuUpcomingSchedulesTheNextSerialThreeDaysAfterTheHour() async throws {
        try await withSimulator(.init(svCount: 2, scenarios: [.lsuUpcoming], now: fixedNow)) { sim async throws in
            for url in [sim.endpoints.seedScan + "/api/scan/v0/dso", sim.endpoints.dsoMirror] {
                let config = try await parsed(url)["dso_rules", "contract", "payload", "config"]
                let upgrade = config["nextScheduledLogicalSynchronizerUpgrade"]
                #expect(upgrade.keys == [
                    "topologyFreezeTime", "upgradeTime", "newPhysicalSynchronizerSerial",
                    "newPhysicalSynchronizerProtocolVersion",
                ])
                #expect(upgrade["topologyFreezeTime"].string == "2026-11-22T14:00:00Z")
                #expect(upgrade["upgradeTime"].string == "2026-11-23T14:00:00Z")
                #expect(upgrade["newPhysicalSynchronizerSerial"].string == "2")
                #expect(upgrade["newPhysicalSynchronizerProtocolVersion"].string == "34")
                #expect(config["nextScheduledSynchronizerUpgrade"].isNull)
            }
            // `/v0/migrations/schedule` reads only the old field, so an LSU leaves it 404.
            #expect(try await status(sim.endpoints.seedScan + "/api/scan/v0/migrations/schedule") == 404)
        }
    }

    @Test func healthyNetworkSchedulesNoUpgrade() async throws {
        try await withSimulator(.init(svCount: 2, now: fixedNow)) { sim async throws in
            let config = try await parsed(sim.endpoints.seedScan + "/api/scan/v0/dso")["dso_rules", "contract",
                "payload", "config"]
            #expect(config["nextScheduledLogicalSynchronizerUpgrade"].isNull)
            #expect(config["nextScheduledSynchronizerUpgrade"].isNull)
        }
    }

    @Test func migrationUpcomingStillDrivesTheOldSchedule() async throws {
        try await withSimulator(.init(svCount: 2, scenarios: [.migrationUpcoming], now: fixedNow)) { sim async throws in
            let config = try await parsed(sim.endpoints.seedScan + "/api/scan/v0/dso")["dso_rules", "contract",
                "payload", "config"]
            #expect(config["nextScheduledSynchronizerUpgrade", "time"].string == "2026-11-23T14:00:00Z")
            #expect(config["nextScheduledSynchronizerUpgrade", "migrationId"].string == "5")
            #expect(config["nextScheduledLogicalSynchronizerUpgrade"].isNull)
            let schedule = try await text(sim.endpoints.seedScan + "/api/scan/v0/migrations/schedule")
            #expect(schedule == #"{"time":"2026-11-23T14:00:00Z","migration_id":5}"#)
        }
    }
}
