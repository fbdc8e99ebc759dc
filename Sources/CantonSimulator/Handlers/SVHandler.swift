internal import FlyingFox
internal import Foundation

/// One SV's HTTP server: its Scan under `/api/scan/` and its SV app under `/api/sv/`.
///
/// Order of effects: the `sv-slow` delay first (it applies to every answer), then `http-5xx` (the
/// seed's whole server), then a missing Scan (`sv-no-scan`: 404) or a Scan down on its own
/// (`seed-down`: 503, health included), then the other faults aimed at the seed Scan, then
/// `svs-down`, then the normal answer.
struct SVHandler: HTTPHandler {
    let index: Int
    let topology: Topology
    let state: SimulationState

    /// The size of the `huge-body` response: big enough that buffering it would show in RSS.
    static let hugeBodyBytes = 100 * 1024 * 1024

    private static let jsonType: HTTPHeaders = [.contentType: "application/json"]

    private var me: Topology.SV { topology.svs[index] }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let world = await state.world()
        if let delay = world.delayMilliseconds(index) { try await Task.sleep(for: .milliseconds(delay)) }
        if index == 0, world.has(.http5xx) { return .problem(.internalServerError, "simulated http-5xx") }
        let up = !world.isDown(index)
        if let endpoint = request.path.dropping(prefix: "/api/scan/") {
            guard world.publishesScan(index) else {
                return .problem(.notFound, "\(me.name) runs no Scan (simulated sv-no-scan)")
            }
            if world.isScanDown(index) {
                return .problem(.serviceUnavailable, "Scan of \(me.name) is unreachable (simulated seed-down)")
            }
            if index == 0, let fault = seedScanFault(request, world) { return fault }
            return .health(endpoint, app: "scan", owner: me.name, up: up, release: world.version(index), world: world)
                ?? scan(endpoint, request, up: up, world: world)
        }
        if let endpoint = request.path.dropping(prefix: "/api/sv/") {
            return .health(endpoint, app: "sv", owner: me.name, up: up, release: world.version(index), world: world)
                ?? svApp(endpoint, request, up: up, world: world)
        }
        return .problem(.notFound, "no endpoint \(request.path) (try /api/scan/ or /api/sv/)")
    }

    private func scan(_ endpoint: String, _ request: HTTPRequest, up: Bool, world: World) -> HTTPResponse {
        guard up else { return .problem(.serviceUnavailable, "Scan of \(me.name) is down (simulated svs-down)") }
        let documents = ScanDocuments(topology: topology, world: world, viewer: .scan(index))
        switch (request.method, endpoint) {
        case (.GET, "v0/scans"): return .json(documents.scans)
        case (.GET, "v0/dso-sequencers"): return .json(documents.dsoSequencers)
        case (.GET, "v0/active-synchronizer-serial"):
            return documents.activeSynchronizerSerial.map { .json($0) }
                ?? .problem(.notFound, "this Scan predates physical synchronizer serials (simulated legacy-sequencers)")
        case (.POST, "v0/open-and-issuing-mining-rounds"): return .json(documents.miningRounds)
        case (.GET, "v0/dso"): return .json(documents.dso)
        case (.GET, "v0/migrations/schedule"):
            return documents.schedule.map { .json($0) } ?? .problem(.notFound, "no synchronizer upgrade is scheduled")
        default: return .problem(.notFound, "\(request.method.rawValue) /api/scan/\(endpoint) is not simulated")
        }
    }

    /// The SV app's open `GET /v0/dso` (canton-api.md §5), same body as Scan's but untouched by
    /// the seed Scan's lies.
    private func svApp(_ endpoint: String, _ request: HTTPRequest, up: Bool, world: World) -> HTTPResponse {
        guard up else { return .problem(.serviceUnavailable, "SV app of \(me.name) is down (simulated svs-down)") }
        guard request.method == .GET, endpoint == "v0/dso" else {
            return .problem(.notFound, "\(request.method.rawValue) /api/sv/\(endpoint) is not simulated")
        }
        return .json(ScanDocuments(topology: topology, world: world, viewer: .svApp(index)).dso)
    }

    /// The answer a fault aimed at the seed Scan gives instead of the normal one, or nil.
    /// (`seed-stale` and `seed-lies` are not here: they change the documents, see ``Viewer``.)
    private func seedScanFault(_ request: HTTPRequest, _ world: World) -> HTTPResponse? {
        switch request.path {
        case "/api/scan/v0/scans" where world.has(.redirectLoop):
            let headers: HTTPHeaders = [.location: me.baseURL + request.target.rawValue]
            return HTTPResponse(statusCode: .found, headers: headers)
        case "/api/scan/v0/scans" where world.has(.malformedJSON):
            let full = ScanDocuments(topology: topology, world: world, viewer: .scan(index)).scans.text
            return HTTPResponse(statusCode: .ok, headers: Self.jsonType, body: Data(full.utf8.prefix(17)))
        case "/api/scan/v0/dso" where world.has(.hugeBody):
            let body = HTTPBodySequence(
                from: PaddedJSONBytes(count: Self.hugeBodyBytes), count: Self.hugeBodyBytes,
                suggestedBufferSize: 65_536)
            return HTTPResponse(statusCode: .ok, headers: Self.jsonType, body: body)
        case "/api/scan/readyz" where world.has(.hang):
            return HTTPResponse(webSocket: SilentHang(seconds: Scenario.hangLimitSeconds))
        default:
            return nil
        }
    }
}
