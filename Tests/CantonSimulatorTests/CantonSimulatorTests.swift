import CantonSimulator
import Foundation
import GRPCCore
import GRPCHealth
import GRPCNIOTransportHTTP2Posix
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
            #expect(try await sequencerStatus(last.sequencer) == .notServing)
            #expect(try await sequencerStatus(sim.endpoints.svs[0].sequencer) == .serving)
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

    @Test func sequencerIsAGRPCHealthServer() async throws {
        try await withSimulator(.init(svCount: 2, now: fixedNow)) { sim async throws in
            let sequencer = sim.endpoints.svs[1].sequencer
            #expect(sequencer.hasPrefix("http://127.0.0.1:"))
            #expect(try await sequencerStatus(sequencer) == .serving)
            let error = await #expect(throws: RPCError.self) { try await sequencerStatus(sequencer, service: "other") }
            #expect(error?.code == .notFound)
        }
    }

    /// Guards against a stop that waits for (or leaks) a check held by `sv-slow`.
    @Test func stopCancelsAHeldSlowSequencerCheck() async throws {
        let sim = try await CantonSimulator.start(
            .init(svCount: 1, scenarios: [.svSlow(index: 0, milliseconds: 60_000)]))
        let sequencer = sim.endpoints.svs[0].sequencer
        let call = Task { try await sequencerStatus(sequencer, timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        await sim.stop()
        let result = await call.result
        #expect(ContinuousClock.now - started < .seconds(5), "stop waited for the held call")
        #expect(throws: (any Error).self) { try result.get() }
    }

    private func newestRound(_ sim: CantonSimulator) async throws -> Int {
        let body = try await text(sim.endpoints.seedScan + "/api/scan/v0/dso")
        let match = try #require(body.firstMatch(of: /"latest_mining_round".*?"number":"(\d+)"/))
        return try #require(Int(match.1))
    }

    /// One `grpc.health.v1.Health/Check` call to a simulated sequencer (`http://127.0.0.1:Q`).
    private func sequencerStatus(
        _ url: String, service: String = "", timeout: Duration = .seconds(5)
    ) async throws -> HealthCheckResponseMessage.ServingStatus {
        let port = try #require(URLComponents(string: url)?.port)
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
        var options = CallOptions.defaults
        options.timeout = timeout
        return try await withGRPCClient(transport: transport) { client in
            try await client.unary(
                request: ClientRequest(message: HealthCheckRequestMessage(service: service)), descriptor: .healthCheck,
                serializer: HealthMessageSerializer<HealthCheckRequestMessage>(),
                deserializer: HealthMessageDeserializer<HealthCheckResponseMessage>(), options: options
            ) { try $0.message.status }
        }
    }
}
