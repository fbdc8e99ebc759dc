internal import FlyingFox
internal import Foundation

/// Stands in for an SV's public gRPC sequencer: `GET /health` answers like `grpc.health.v1.Health/Check`.
///
/// Probes check that the port accepts TCP and that `/health` says `SERVING`; a down SV's
/// sequencer keeps listening but answers 503 `NOT_SERVING`, so scenarios can switch back and forth.
struct SequencerHandler: HTTPHandler {
    let index: Int
    let state: SimulationState

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let world = await state.world()
        if let delay = world.delayMilliseconds(index) { try await Task.sleep(for: .milliseconds(delay)) }
        guard request.method == .GET, request.path == "/health" else {
            return .problem(.notFound, "the simulated sequencer answers only GET /health")
        }
        return world.isDown(index)
            ? .json(["status": "NOT_SERVING"], status: .serviceUnavailable) : .json(["status": "SERVING"])
    }
}
