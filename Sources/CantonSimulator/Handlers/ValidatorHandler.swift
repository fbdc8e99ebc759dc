internal import FlyingFox
internal import Foundation

/// A validator app: open health and `v0/validator-user`, and the JWT-guarded scan-proxy rounds.
///
/// The token is compared as an opaque string: the simulator checks that a prober sends the
/// `Authorization` header it was configured with, not that it can mint JWTs.
struct ValidatorHandler: HTTPHandler {
    let topology: Topology
    let state: SimulationState
    let token: String

    static let operatorName = "sim-validator"

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let world = await state.world()
        guard let endpoint = request.path.dropping(prefix: "/api/validator/") else {
            return .problem(.notFound, "no endpoint \(request.path) (try /api/validator/)")
        }
        let release = (version: "0.5.3", committedAt: "2026-02-02T09:30:00Z")
        if let health = HTTPResponse.health(
            endpoint, app: "validator", owner: Self.operatorName, up: true, release: release, world: world)
        {
            return health
        }
        switch (request.method, endpoint) {
        case (.GET, "v0/validator-user"):
            return .json([
                "party_id": .string("\(Self.operatorName)::" + Topology.fingerprint(Self.operatorName)),
                "user_name": .string("\(Self.operatorName)-operator"), "featured": false,
            ])
        case (.GET, "v0/scan-proxy/open-and-issuing-mining-rounds"):
            guard request.headers[.authorization] == "Bearer \(token)" else {
                let challenge: HTTPHeaders = [HTTPHeader("WWW-Authenticate"): "Bearer"]
                return .problem(.unauthorized, "missing or wrong bearer token", headers: challenge)
            }
            return .json(ScanDocuments(topology: topology, world: world, viewer: .network).miningRounds)
        default:
            return .problem(.notFound, "\(request.method.rawValue) /api/validator/\(endpoint) is not simulated")
        }
    }
}
