internal import GRPCCore
internal import GRPCHealth

/// An SV's public sequencer as probes see it: `grpc.health.v1.Health/Check`, answered from the
/// simulator's ``World`` the way a Canton node's health service answers.
///
/// `SERVING` normally, `NOT_SERVING` while the SV is down (`svs-down:K`), after the SV's
/// `sv-slow` delay when one is set, and `NOT_FOUND` for a service name other than `""`, as
/// grpcio's health servicer answers an unknown service. A down SV's sequencer keeps listening, so
/// scenarios can switch back and forth.
struct SequencerHealthService: RegistrableRPCService {
    let index: Int
    let state: SimulationState

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: .healthCheck,
            deserializer: HealthMessageDeserializer<HealthCheckRequestMessage>(),
            serializer: HealthMessageSerializer<HealthCheckResponseMessage>()
        ) { request, _ in
            let single = try await ServerRequest(stream: request)
            return StreamingServerResponse(single: ServerResponse(message: try await check(single.message)))
        }
    }

    /// The answer for one request. The `sv-slow` sleep is cancelled with the call, so a client
    /// that gives up, or ``CantonSimulator/stop()``, ends it at once.
    func check(_ request: HealthCheckRequestMessage) async throws -> HealthCheckResponseMessage {
        let world = await state.world()
        if let delay = world.delayMilliseconds(index) { try await Task.sleep(for: .milliseconds(delay)) }
        guard request.service.isEmpty else { throw RPCError(code: .notFound, message: "unknown service") }
        return HealthCheckResponseMessage(status: world.isDown(index) ? .notServing : .serving)
    }
}
