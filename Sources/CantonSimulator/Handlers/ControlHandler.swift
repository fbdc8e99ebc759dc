internal import FlyingFox
internal import Foundation

/// The control server: lets a test or a person change scenarios and the clock while running.
///
/// Every bad input gets a 400 with a message saying what was expected; nothing here traps.
struct ControlHandler: HTTPHandler {
    let state: SimulationState
    let svCount: Int

    /// `advance_seconds` is limited to ±10 years so the round arithmetic stays far from overflow.
    static let maxAdvanceSeconds: Double = 10 * 366 * 86_400

    private struct ScenarioRequest: Decodable { var scenarios: [String] }

    private struct ClockRequest: Decodable {
        var now: String?
        var advanceSeconds: Double?
        var wall: Bool?

        enum CodingKeys: String, CodingKey {
            case now, advanceSeconds = "advance_seconds", wall
        }
    }

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        switch (request.method, request.path) {
        case (.GET, "/control/state"):
            return .json(await state.stateDocument())
        case (.POST, "/control/scenario"):
            return await setScenarios(try await request.bodyData)
        case (.POST, "/control/clock"):
            return await setClock(try await request.bodyData)
        case (_, "/control/state"), (_, "/control/scenario"), (_, "/control/clock"):
            return .problem(.methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.path)")
        default:
            return .problem(
                .notFound, "control endpoints: GET /control/state, POST /control/scenario, POST /control/clock")
        }
    }

    private func setScenarios(_ body: Data) async -> HTTPResponse {
        guard let names = try? JSONDecoder().decode(ScenarioRequest.self, from: body).scenarios else {
            return .problem(.badRequest, #"expected a body like {"scenarios":["healthy"]}"#)
        }
        var scenarios: [Scenario] = []
        for name in names {
            do throws(ScenarioError) {
                let scenario = try Scenario(parsing: name)
                if let problem = scenario.problem(svCount: svCount) { return .problem(.badRequest, problem) }
                scenarios.append(scenario)
            } catch {
                return .problem(.badRequest, error.message)
            }
        }
        await state.set(scenarios)
        return .json(await state.stateDocument())
    }

    private func setClock(_ body: Data) async -> HTTPResponse {
        let usage = #"expected exactly one of {"now":"2026-11-20T14:05Z"}, {"advance_seconds":600}, {"wall":true}"#
        guard let clock = try? JSONDecoder().decode(ClockRequest.self, from: body) else {
            return .problem(.badRequest, usage)
        }
        switch (clock.now, clock.advanceSeconds, clock.wall) {
        case (let text?, nil, nil):
            guard let date = SimulatedTime.parse(text) else {
                return .problem(
                    .badRequest, "'now' must be ISO 8601 with a zone, e.g. 2026-11-20T14:05Z; got '\(text)'")
            }
            await state.setClock(date)
        case (nil, let seconds?, nil):
            guard abs(seconds) <= Self.maxAdvanceSeconds else {
                return .problem(.badRequest, "'advance_seconds' must be within ±\(Int(Self.maxAdvanceSeconds))")
            }
            await state.advance(by: seconds)
        case (nil, nil, true):
            await state.setClock(nil)
        default:
            return .problem(.badRequest, usage)
        }
        return .json(await state.stateDocument())
    }
}
