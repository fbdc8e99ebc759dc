internal import Foundation

/// Bodies of the Scan API (canton-api.md §2) for one `World`.
///
/// Payloads follow Daml JSON as Scan returns it: integers such as `round.number`, `migrationId`
/// and `tickDuration.microseconds` are strings, and Daml maps are arrays of `[key, value]`.
/// Top-level API fields (`migrationId` in `/v0/dso-sequencers`, `migration_id`) stay numbers.
struct ScanDocuments {
    let topology: Topology
    let world: World

    /// `GET /v0/scans`: every SV's Scan, grouped under the one synchronizer.
    var scans: JSON {
        let entries = topology.svs.map { sv -> JSON in ["publicUrl": .string(sv.baseURL), "svName": .string(sv.name)] }
        return ["scans": [["domainId": .string(topology.synchronizerId), "scans": .array(entries)]]]
    }

    /// `GET /v0/dso-sequencers`: each SV's sequencer for the current migration id.
    var dsoSequencers: JSON {
        let entries = topology.svs.map { sv -> JSON in
            [
                "migrationId": .int(topology.migrationId), "id": .string("SEQ::" + sv.party),
                "url": .string(sv.sequencerURL), "svName": .string(sv.name),
                "availableAfter": .string(SimulatedTime.format(topology.migratedAt)),
            ]
        }
        return ["domainSequencers": [["domainId": .string(topology.synchronizerId), "sequencers": .array(entries)]]]
    }

    /// `POST /v0/open-and-issuing-mining-rounds` as SV `sv`'s Scan (nil: the network-wide view)
    /// sees it. Contract ids are the object keys; the cache lists in the request are ignored.
    func miningRounds(seenBy sv: Int?) -> JSON {
        let newest = world.newestRound(seenBy: sv)
        func keyed(_ rounds: [MiningRounds.Round], open: Bool) -> JSON {
            .object(rounds.map { round in
                let contract = roundContract(round, open: open)
                return (Topology.contractId("\(open ? "open" : "issuing")-\(round.number)"),
                    ["contract": contract, "domain_id": .string(topology.synchronizerId)])
            })
        }
        return [
            "time_to_live_in_microseconds": .int(MiningRounds.tickMicroseconds),
            "open_mining_rounds": keyed(MiningRounds.open(newest: newest), open: true),
            "issuing_mining_rounds": keyed(MiningRounds.issuing(newest: newest), open: false),
        ]
    }

    /// `GET /v0/dso` as SV `sv`'s Scan answers it; the DSO mirror serves SV 0's view.
    func dso(seenBy sv: Int) -> JSON {
        let me = topology.svs[sv]
        let count = topology.svs.count
        return [
            "sv_user": .string("sv-\(sv + 1)-operator"),
            "sv_party_id": .string(me.party),
            "dso_party_id": .string(topology.dsoParty),
            "voting_threshold": .int((2 * count + 2) / 3),
            "latest_mining_round": [
                "contract": roundContract(world.newestRound(seenBy: sv), open: true),
                "domain_id": .string(topology.synchronizerId),
            ],
            "amulet_rules": onSynchronizer(contract("Splice.AmuletRules:AmuletRules", id: "amulet-rules", payload: [
                "dso": .string(topology.dsoParty),
                "configSchedule": ["initialValue": ["tickDuration": tickDuration], "futureValues": []],
                "isDevNet": false,
            ])),
            "dso_rules": onSynchronizer(contract("Splice.DsoRules:DsoRules", id: "dso-rules", payload: dsoRules)),
            "sv_node_states": .array(topology.svs.map(nodeState)),
        ]
    }

    /// `GET /v0/migrations/schedule`: nil means 404 (nothing scheduled).
    var schedule: JSON? {
        world.scheduledUpgrade(currentMigrationId: topology.migrationId).map {
            ["time": .string(SimulatedTime.format($0.time)), "migration_id": .int($0.migrationId)]
        }
    }

    private var dsoRules: JSON {
        let upgrade: JSON = world.scheduledUpgrade(currentMigrationId: topology.migrationId).map {
            ["time": .string(SimulatedTime.format($0.time)), "migrationId": .string(String($0.migrationId))]
        } ?? .null
        let svs = topology.svs.map { sv -> JSON in
            [.string(sv.party), [
                "name": .string(sv.name), "joinedAsOfRound": ["number": "0"], "svRewardWeight": "10000",
                "participantId": .string("PAR::" + sv.party),
            ]]
        }
        let sync = JSON.string(topology.synchronizerId)
        return [
            "dso": .string(topology.dsoParty), "epoch": "0", "svs": .array(svs), "offboardedSvs": [],
            "config": [
                "decentralizedSynchronizer": [
                    "synchronizers": [[sync, ["state": "DS_Operational"]]],
                    "lastSynchronizerId": sync, "activeSynchronizerId": sync,
                ],
                "nextScheduledSynchronizerUpgrade": upgrade,
            ],
            "isDevNet": false,
        ]
    }

    private func nodeState(_ sv: Topology.SV) -> JSON {
        let node: JSON = [
            "cometBft": ["nodes": [], "sequencingKeys": [], "governanceKeys": []],
            "sequencer": [
                "migrationId": .string(String(topology.migrationId)), "sequencerId": .string("SEQ::" + sv.party),
                "url": .string(sv.sequencerURL), "availableAfter": .string(SimulatedTime.format(topology.migratedAt)),
            ],
            "mediator": ["mediatorId": .string("MED::" + sv.party)],
            "scan": ["publicUrl": .string(sv.baseURL)],
        ]
        return onSynchronizer(contract("Splice.DSO.SvState:SvNodeState", id: "node-state-\(sv.name)", payload: [
            "dso": .string(topology.dsoParty), "sv": .string(sv.party), "svName": .string(sv.name),
            "state": ["synchronizerNodes": [[.string(topology.synchronizerId), node]]],
        ]))
    }

    private func roundContract(_ round: MiningRounds.Round, open: Bool) -> JSON {
        var payload: [(String, JSON)] = [
            ("dso", .string(topology.dsoParty)), ("round", ["number": .string(String(round.number))]),
            ("opensAt", .string(SimulatedTime.format(round.opensAt))),
            ("targetClosesAt", .string(SimulatedTime.format(round.targetClosesAt))),
        ]
        if open { payload += [("amuletPrice", "0.005"), ("tickDuration", tickDuration)] }
        return contract(
            open ? "Splice.Round:OpenMiningRound" : "Splice.Round:IssuingMiningRound",
            id: "\(open ? "open" : "issuing")-\(round.number)", payload: .object(payload),
            createdAt: round.opensAt.addingTimeInterval(-MiningRounds.tick))
    }

    private var tickDuration: JSON { ["microseconds": .string(String(MiningRounds.tickMicroseconds))] }

    /// A `Contract` (`template_id, contract_id, payload, created_event_blob, created_at`).
    private func contract(_ template: String, id: String, payload: JSON, createdAt: Date? = nil) -> JSON {
        [
            "template_id": .string(Topology.fingerprint("splice").dropFirst(4) + ":" + template),
            "contract_id": .string(Topology.contractId(id)), "payload": payload, "created_event_blob": "",
            "created_at": .string(SimulatedTime.format(createdAt ?? topology.migratedAt)),
        ]
    }

    private func onSynchronizer(_ contract: JSON) -> JSON {
        ["contract": contract, "domain_id": .string(topology.synchronizerId)]
    }
}
