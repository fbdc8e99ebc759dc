internal import FlyingFox
internal import Foundation

/// The public DSO mirror (`docs.….sync.global/dso`): the network's true `/v0/dso` body (as SV 0
/// publishes it, see ``Viewer/network``) plus `Last-Modified`, set to the start of the current UTC
/// day because the real one is fetched daily. It is a separate host, so no seed fault reaches it:
/// a prober can hold the seed Scan's answer against it.
struct MirrorHandler: HTTPHandler {
    let topology: Topology
    let state: SimulationState

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET, request.path == "/dso" else {
            return .problem(.notFound, "the DSO mirror serves only GET /dso")
        }
        let world = await state.world()
        let dayStart = Date(timeIntervalSince1970: (world.now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
        return .json(
            ScanDocuments(topology: topology, world: world, viewer: .network).dso,
            headers: [.lastModified: SimulatedTime.httpDate(dayStart)])
    }
}
