internal import Foundation

/// Bodies of the Scan API (canton-api.md §2 and §8) as `viewer` answers them in one `World`.
///
/// Payloads follow Daml JSON as Scan returns it: integers such as `round.number`, `migrationId`
/// and `tickDuration.microseconds` are strings, and Daml maps are arrays of `[key, value]`.
/// Top-level API fields (`migrationId` and `synchronizerSerial` in `/v0/dso-sequencers`,
/// `migration_id`, `serial`) stay numbers.
struct ScanDocuments {
    let topology: Topology
    let world: World
    let viewer: Viewer

    /// `GET /v0/scans`: the Scan of every listed SV that runs one, grouped under the one synchronizer.
    var scans: JSON {
        let entries = listedSVs.filter(world.publishesScan).map { index -> JSON in
            ["publicUrl": .string(topology.svs[index].baseURL), "svName": .string(topology.svs[index].name)]
        }
        return ["scans": [["domainId": .string(topology.synchronizerId), "scans": .array(entries)]]]
    }

    /// `POST /v0/open-and-issuing-mining-rounds` as the viewer sees it. Contract ids are the object
    /// keys; the cache lists in the request are ignored.
    var miningRounds: JSON {
        let newest = world.newestRound(seenBy: viewer)
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

    /// `GET /v0/dso`, also the SV app's and (as ``Viewer/network``) the DSO mirror's body.
    ///
    /// `voting_threshold` is ceil(2n/3) of the SVs listed, Splice's rule: 9 of 13, 3 of 4, and 1
    /// for the one-SV network the seed forges under `seed-lies`.
    var dso: JSON {
        let me = topology.svs[viewer.sv]
        let listed = listedSVs
        return [
            "sv_user": .string("sv-\(viewer.sv + 1)-operator"),
            "sv_party_id": .string(me.party),
            "dso_party_id": .string(topology.dsoParty),
            "voting_threshold": .int((2 * listed.count + 2) / 3),
            "latest_mining_round": [
                "contract": roundContract(world.newestRound(seenBy: viewer), open: true),
                "domain_id": .string(topology.synchronizerId),
            ],
            "amulet_rules": onSynchronizer(contract("Splice.AmuletRules:AmuletRules", id: "amulet-rules", payload: [
                "dso": .string(topology.dsoParty),
                "configSchedule": ["initialValue": ["tickDuration": tickDuration], "futureValues": []],
                "isDevNet": false,
            ])),
            "dso_rules": onSynchronizer(contract("Splice.DsoRules:DsoRules", id: "dso-rules", payload: dsoRules)),
            "sv_node_states": .array(listed.map(nodeState)),
        ]
    }

    /// `GET /v0/migrations/schedule`: nil means 404 (nothing scheduled). It reads only the old
    /// `nextScheduledSynchronizerUpgrade`, so a scheduled LSU leaves it 404 (canton-api.md §8).
    var schedule: JSON? {
        world.scheduledUpgrade(currentMigrationId: topology.migrationId).map {
            ["time": .string(SimulatedTime.format($0.time)), "migration_id": .int($0.migrationId)]
        }
    }

    /// The indices of the SVs this viewer admits exist: every SV, or only SV 0 in a forged network.
    var listedSVs: [Int] { world.forgesNetwork(viewer) ? [0] : Array(topology.svs.indices) }

    private var dsoRules: JSON {
        let upgrade: JSON = world.scheduledUpgrade(currentMigrationId: topology.migrationId).map {
            ["time": .string(SimulatedTime.format($0.time)), "migrationId": .string(String($0.migrationId))]
        } ?? .null
        let logicalUpgrade: JSON = world.scheduledLogicalUpgrade(currentSerial: topology.activeSerial).map {
            [
                "topologyFreezeTime": .string(SimulatedTime.format($0.topologyFreezeTime)),
                "upgradeTime": .string(SimulatedTime.format($0.upgradeTime)),
                "newPhysicalSynchronizerSerial": .string(String($0.serial)),
                "newPhysicalSynchronizerProtocolVersion": .string(String(topology.protocolVersion)),
            ]
        } ?? .null
        let svs = listedSVs.map { index -> JSON in
            let sv = topology.svs[index]
            return [.string(sv.party), [
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
                "nextScheduledLogicalSynchronizerUpgrade": logicalUpgrade,
            ],
            "isDevNet": false,
        ]
    }

    /// The SV's node configuration; the sequencer is the live one (the active serial's, or the
    /// migration id's before serials), and `scan` is left out for an SV that runs no Scan.
    private func nodeState(_ index: Int) -> JSON {
        let sv = topology.svs[index]
        let liveSince = world.knowsSerials ? topology.activeSerialSince : topology.migratedAt
        var node: [(String, JSON)] = [
            ("cometBft", ["nodes": [], "sequencingKeys": [], "governanceKeys": []]),
            ("sequencer", [
                "migrationId": .string(String(topology.migrationId)), "sequencerId": .string("SEQ::" + sv.party),
                "url": .string(sv.sequencerURL), "availableAfter": .string(SimulatedTime.format(liveSince)),
            ]),
            ("mediator", ["mediatorId": .string("MED::" + sv.party)]),
        ]
        if world.publishesScan(index) { node.append(("scan", ["publicUrl": .string(sv.baseURL)])) }
        return onSynchronizer(contract("Splice.DSO.SvState:SvNodeState", id: "node-state-\(sv.name)", payload: [
            "dso": .string(topology.dsoParty), "sv": .string(sv.party), "svName": .string(sv.name),
            "state": ["synchronizerNodes": [[.string(topology.synchronizerId), .object(node)]]],
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
            id: "\(open ? "open" : "issuing")-\(round.number)", payload: .object(payload), createdAt: round.createdAt)
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
