import Model
import Content
import Jobs
import CantonStatusTestSupport
import Foundation
import Testing
internal import Probing

/// The probe job without a network or a process: an in-memory network as the transport, `now`
/// stepped by hand, history and incidents written to an in-memory repository.
@Suite struct ProbeJobTests {
    static let start = (try? Timestamp.parse("2026-11-20T14:05Z").get()) ?? Timestamp(secondsSince1970: 0)

    static let components = """
        page: {title: Jobs, url: "https://status.example.org"}
        environments:
          - {id: mainnet, name: MainNet, scan: "https://scan.sv-0.example", dso_mirror: "https://docs.example/dso"}
        groups:
          - {id: synchronizer, name: Global Synchronizer}
        components:
          - {id: sequencers, name: Sequencers, group: synchronizer, checks: [{type: sequencers, open_incident_after: 2, resolve_after: 1}]}
          - {id: scan-api, name: Scan API, group: synchronizer, checks: [{type: scans}]}

        """

    static func repository() -> InMemoryRepository {
        InMemoryRepository(["components.yml": components])
    }

    static func probe(_ repository: InMemoryRepository, at minutes: Int64, _ network: InMemoryNetwork) async throws -> ProbeJob.Report {
        let job = ProbeJob(now: start.adding(seconds: minutes * 60), vantage: "ci", openIncidents: true)
        let plan = try job.plan(repository, history: NoGitHistory(), networks: [], variables: [:])
        return try await job.run(plan, over: network, repository: repository)
    }

    @Test func sequencersBelowTheOrderingQuorumOpenAnIncidentWithTheBudgetAndResolveIt() async throws {
        let repository = Self.repository()
        var network = InMemoryNetwork(svs: 4)
        network.notServing = ["SV-2", "SV-3"]

        let first = try await Self.probe(repository, at: 0, network)
        #expect(first.measuredAnOutage)
        let sequencers = try #require(first.runs.first?.components.first { $0.component == "sequencers" })
        #expect(sequencers.state == .majorOutage, "2 of 4 serving is below the ordering quorum of 3")
        #expect(sequencers.reason == "2 of 4 sequencers not serving (SV-2: health NOT_SERVING, SV-3: health NOT_SERVING): below the ordering quorum of 3")
        #expect(first.written.isEmpty)

        let second = try await Self.probe(repository, at: 5, network)
        #expect(second.written == ["opened incidents/2026-11-20-auto-mainnet-sequencers.md"])
        let text = try #require(repository.files["incidents/2026-11-20-auto-mainnet-sequencers.md"])
        #expect(text.contains("impact: {sequencers: major-outage}"))
        #expect(text.contains("Fault budget: sequencers: 2 of 4 serving; ordering needs 3: below quorum, ordering halts until 1 more is back."))
        #expect(!text.contains("Scans:"), "only the budget of the component's own layer")

        network.notServing = []
        let healed = try await Self.probe(repository, at: 10, network)
        #expect(!healed.measuredAnOutage)
        #expect(healed.written == ["resolved incidents/2026-11-20-auto-mainnet-sequencers.md"])
    }

    /// The job refuses before any request: nothing is written when a network is unknown.
    @Test func anUnknownNetworkIsRefusedBeforeProbing() throws {
        let repository = Self.repository()
        let job = ProbeJob(now: Self.start, vantage: "ci", openIncidents: true)
        #expect {
            _ = try job.plan(repository, history: NoGitHistory(), networks: ["moonnet"], variables: [:])
        } throws: { error in
            guard case ProbeJob.Refusal.unknownNetwork("moonnet", let known) = error else { return false }
            return known == ["mainnet"]
        }
        #expect(repository.files.keys.sorted() == ["components.yml"], "nothing written")
    }

    /// A network the prober cannot judge opens nothing, however often it runs.
    @Test func aNetworkNotJudgedOpensNoIncident() async throws {
        let repository = Self.repository()
        var network = InMemoryNetwork(svs: 4)
        network.unreachable = Set((0..<4).map(network.scan))
        for minutes: Int64 in [0, 5, 10, 15] {
            let report = try await Self.probe(repository, at: minutes, network)
            #expect(!report.measuredAnOutage)
            #expect(report.written.isEmpty)
            #expect(report.runs.first?.components.allSatisfy { $0.state == nil } == true)
        }
    }
}
