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

    /// Seven days in which the SV Scans answered `readyz` in 100 ms, as vantage `vantage` recorded
    /// them: the older days as daily lines (with their hourly p95s), yesterday as samples.
    static func steadyHistory(vantage: String) -> [String: String] {
        let folder = "history/mainnet/\(vantage)"
        let hours = Array(repeating: "100", count: 24).joined(separator: ",")
        let daily = (13...18).map { day in
            #"{"component":"scan-api","day":"2026-11-\#(day)","failures":0,"hours":"\#(hours)","max":100,"p50":100,"p95":100,"runs":288}"#
        }.joined(separator: "\n") + "\n"
        let samples = (0..<288).map { run in
            String(format: "%02d:%02d:00\tsequencers=1\tscan-api=100", run / 12, run % 12 * 5)
        }.joined(separator: "\n") + "\n"
        return ["\(folder)/daily.jsonl": daily, "\(folder)/samples/2026-11-19.tsv": samples]
    }

    static func probe(
        _ repository: InMemoryRepository, at minutes: Int64, _ network: InMemoryNetwork, vantage: String, incidents: Bool
    ) async throws -> ProbeJob.Report {
        let job = ProbeJob(now: start.adding(seconds: minutes * 60), vantage: vantage, openIncidents: incidents)
        let plan = try job.plan(repository, history: NoGitHistory(), networks: [], variables: [:])
        return try await job.run(plan, over: network, repository: repository)
    }

    /// Scans that answer ten times slower than all week make `scan-api` degraded, said in words,
    /// after three runs; the incident opens only when the other vantage sees the slowdown too.
    @Test func aLastingSlowdownIsDegradedAndOpensAnIncidentOnlyUnderQuorum() async throws {
        let repository = InMemoryRepository(["components.yml": Self.components]
            .merging(Self.steadyHistory(vantage: "ci")) { $1 }.merging(Self.steadyHistory(vantage: "eu")) { $1 })
        var fast = InMemoryNetwork(svs: 4)
        fast.readyLatencyMilliseconds = 100
        var slow = fast
        slow.readyLatencyMilliseconds = 1_000

        // Only "ci" sees slow Scans: it says so, but "eu" does not agree, so nothing opens.
        var reasons: [String?] = []
        for step: Int64 in 0..<6 {
            _ = try await Self.probe(repository, at: step * 5, fast, vantage: "eu", incidents: false)
            let report = try await Self.probe(repository, at: step * 5, slow, vantage: "ci", incidents: true)
            let scan = try #require(report.runs.first?.components.first { $0.component == "scan-api" })
            reasons.append(scan.state == .degradedPerformance ? scan.reason : nil)
            #expect(report.written.isEmpty, "run \(step): one vantage's slowdown opens nothing")
            #expect(!report.measuredAnOutage, "a slowdown is not an outage")
        }
        #expect(reasons.prefix(2).allSatisfy { $0 == nil }, "not before three runs in a row")
        #expect(reasons[2] == "median latency 1.0 s, 10.0× the 7-day p95 of 0.10 s at 14:00 UTC (3 runs in a row)")
        let latest = try #require(repository.files["history/mainnet/ci/latest.json"])
        #expect(latest.contains(#""reason" : "median latency 1.0 s, 10.0× the 7-day p95 of 0.10 s at 14:00 UTC (6 runs in a row)""#))

        // Now "eu" sees it too: after its own three runs the quorum agrees and "ci" opens the incident.
        var opened: [String] = []
        for step: Int64 in 6..<10 {
            _ = try await Self.probe(repository, at: step * 5, slow, vantage: "eu", incidents: false)
            let report = try await Self.probe(repository, at: step * 5, slow, vantage: "ci", incidents: true)
            opened += report.written
            if step < 8 { #expect(report.written.isEmpty, "run \(step): eu has not yet seen three slow runs") }
        }
        #expect(opened == ["opened incidents/2026-11-20-auto-mainnet-scan-api.md"])
        let incident = try #require(repository.files["incidents/2026-11-20-auto-mainnet-scan-api.md"])
        #expect(incident.contains("impact: {scan-api: degraded-performance}"))
        #expect(incident.contains("measure a degraded performance: median latency 1.0 s, 10.0× the 7-day p95 of 0.10 s at 14:00 UTC"))

        // Back to normal: resolved after the check's default two good runs.
        var resolved: [String] = []
        for step: Int64 in 10..<12 {
            _ = try await Self.probe(repository, at: step * 5, fast, vantage: "eu", incidents: false)
            resolved += try await Self.probe(repository, at: step * 5, fast, vantage: "ci", incidents: true).written
        }
        #expect(resolved == ["resolved incidents/2026-11-20-auto-mainnet-scan-api.md"])
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
