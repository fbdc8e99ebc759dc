import CantonSimulator
import Probing
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing
internal import Model

/// The prober's gRPC client against `canton-sim`'s sequencers, which are real gRPC health servers.
@Suite struct GRPCSequencerTests {
    /// Answers are expected, not timeouts: far more time than an answer takes, for a loaded machine.
    static let patient: Interval = .seconds(30)

    @Test func sequencersServeAndFollowScenarios() async throws {
        let sim = try SimulatorProcess(svs: 3, now: "2026-11-20T14:05Z")
        defer { sim.stop() }
        let sequencers = sim.endpoints.svs.map(\.sequencer)
        #expect(sequencers.allSatisfy { $0.hasPrefix("http://127.0.0.1:") })
        for url in sequencers {
            #expect(await healthCheck(HealthCheckRequest(url: url, timeout: Self.patient)).outcome == .status(.serving), "\(url)")
        }

        try await sim.set(["svs-down:1"])
        let last = try #require(sequencers.last)
        #expect(await healthCheck(HealthCheckRequest(url: last, timeout: Self.patient)).outcome == .status(.notServing))
        #expect(await healthCheck(HealthCheckRequest(url: sequencers[0], timeout: Self.patient)).outcome == .status(.serving))

        let unknown = await healthCheck(HealthCheckRequest(url: sequencers[0], service: "canton.Sequencer", timeout: Self.patient))
        #expect(unknown.outcome == .failure("gRPC NOT_FOUND: unknown service 'canton.Sequencer'"))
    }

    @Test func aSlowSequencerIsCutOffAtTheTimeout() async throws {
        let sim = try SimulatorProcess(svs: 2, scenarios: ["sv-slow:1:3000"], now: "2026-11-20T14:05Z")
        defer { sim.stop() }
        // The outcome alone shows the cut: an answer after the 3 s delay would be SERVING.
        let slow = await healthCheck(HealthCheckRequest(url: sim.endpoints.svs[1].sequencer, timeout: .seconds(1)))
        #expect(slow.outcome == .failure("timeout after 1 s"))
        #expect(slow.latencyMilliseconds >= 900)
        let answered = await healthCheck(HealthCheckRequest(url: sim.endpoints.svs[1].sequencer, timeout: .seconds(20)))
        #expect(answered.outcome == .status(.serving))
        #expect(answered.latencyMilliseconds >= 3_000)
    }
}
