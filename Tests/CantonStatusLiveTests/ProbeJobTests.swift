import CantonStatus
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing

/// The probe job without a network or a process: an in-memory network as the transport, `now`
/// stepped by hand, history and incidents written to a temp folder.
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

    static func repository(_ files: [String: String] = [:]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory(prefix: "canton-status-probe-job")
        try directory.write("components.yml", components)
        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("incidents"), withIntermediateDirectories: true)
        for (path, text) in files { try directory.write(path, text) }
        return directory
    }

    static func probe(_ repository: TemporaryDirectory, at minutes: Int64, _ network: InMemoryNetwork) async throws -> ProbeJob.Report {
        let job = ProbeJob(root: repository.url, now: start.adding(seconds: minutes * 60), vantage: "ci", openIncidents: true)
        let plan = try job.plan(LocalFileSystem(root: repository.url), history: NoGitHistory(), networks: [], variables: [:])
        return try await job.run(plan, over: network)
    }

    @Test func sequencersBelowTheOrderingQuorumOpenAnIncidentWithTheBudgetAndResolveIt() async throws {
        let repository = try Self.repository()
        defer { repository.remove() }
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
        let text = try String(contentsOf: repository.url.appendingPathComponent("incidents/2026-11-20-auto-mainnet-sequencers.md"), encoding: .utf8)
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
        let repository = try Self.repository()
        defer { repository.remove() }
        let job = ProbeJob(root: repository.url, now: Self.start, vantage: "ci", openIncidents: true)
        #expect {
            _ = try job.plan(LocalFileSystem(root: repository.url), history: NoGitHistory(), networks: ["moonnet"], variables: [:])
        } throws: { error in
            guard case ProbeJob.Refusal.unknownNetwork("moonnet", let known) = error else { return false }
            return known == ["mainnet"]
        }
        #expect(!FileManager.default.fileExists(atPath: repository.url.appendingPathComponent("history").path))
    }

    /// A network the prober cannot judge opens nothing, however often it runs.
    @Test func aNetworkNotJudgedOpensNoIncident() async throws {
        let repository = try Self.repository()
        defer { repository.remove() }
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
