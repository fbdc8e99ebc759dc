public import Foundation

/// A simulated Canton Network on 127.0.0.1: one HTTP server per SV (Scan + SV app), one
/// sequencer stand-in per SV, a validator, the public DSO mirror and a control server.
///
/// Tests start one in-process and drive it with ``set(_:)`` and ``setClock(_:)``; the `canton-sim`
/// command wraps the same type for other processes (and the control server does the same over HTTP).
/// With a fixed clock every body is deterministic; only the OS-chosen ports differ between runs.
/// Always call ``stop()``: servers keep running until then.
public final class CantonSimulator: Sendable {
    public struct Options: Sendable {
        /// How many SVs to run (1...64). The first 13 carry MainNet's SV names.
        public var svCount: Int
        /// Active scenarios at start; empty means healthy.
        public var scenarios: [Scenario]
        /// A fixed simulated time, or nil for the wall clock.
        public var now: Date?
        /// The bearer token the validator's scan-proxy expects.
        public var validatorToken: String

        public init(
            svCount: Int = 4, scenarios: [Scenario] = [], now: Date? = nil, validatorToken: String = "sim-token"
        ) {
            self.svCount = svCount
            self.scenarios = scenarios
            self.now = now
            self.validatorToken = validatorToken
        }
    }

    public static let maxSVCount = 64

    /// Every URL of the running network: the same data as `canton-sim`'s ready line.
    public let endpoints: Endpoints
    private let state: SimulationState
    private let listeners: [Listener]

    private init(endpoints: Endpoints, state: SimulationState, listeners: [Listener]) {
        self.endpoints = endpoints
        self.state = state
        self.listeners = listeners
    }

    /// Binds every server and returns once all of them accept connections.
    /// Throws ``SimulatorError`` for bad options or a server that would not bind.
    public static func start(_ options: Options = Options()) async throws -> CantonSimulator {
        guard (1...maxSVCount).contains(options.svCount) else {
            throw SimulatorError("svCount must be 1...\(maxSVCount), got \(options.svCount)")
        }
        if let problem = options.scenarios.lazy.compactMap({ $0.problem(svCount: options.svCount) }).first {
            throw SimulatorError(problem)
        }
        var started: [Listener] = []
        do {
            for _ in 0..<(2 * options.svCount + 3) { started.append(try await Listener.start()) }
        } catch {
            for listener in started { await listener.stop() }
            throw error
        }
        // Layout of `started`: an HTTP and a sequencer listener per SV, then validator, mirror, control.
        let svListeners = (0..<options.svCount).map { (http: started[2 * $0], sequencer: started[2 * $0 + 1]) }
        let validator = started[2 * options.svCount]
        let mirror = started[2 * options.svCount + 1]
        let control = started[2 * options.svCount + 2]

        let topology = Topology(svPorts: svListeners.map { ($0.http.port, $0.sequencer.port) })
        let state = SimulationState(scenarios: options.scenarios, now: options.now, svCount: options.svCount)
        for (index, pair) in svListeners.enumerated() {
            await pair.http.serve(SVHandler(index: index, topology: topology, state: state))
            await pair.sequencer.serve(SequencerHandler(index: index, state: state))
        }
        await validator.serve(ValidatorHandler(topology: topology, state: state, token: options.validatorToken))
        await mirror.serve(MirrorHandler(topology: topology, state: state))
        await control.serve(ControlHandler(state: state, svCount: options.svCount))

        let endpoints = Endpoints(
            seedScan: topology.svs[0].baseURL,
            svs: topology.svs.map {
                .init(name: $0.name, scan: $0.baseURL, sv: $0.baseURL, sequencer: $0.sequencerURL)
            },
            validator: validator.url, dsoMirror: mirror.url + "/dso", control: control.url)
        return CantonSimulator(endpoints: endpoints, state: state, listeners: started)
    }

    /// Replaces the active scenarios (empty means healthy). Unlike ``start(_:)`` and the control
    /// server, this does not check ``Scenario/problem(svCount:)``: `svs-down:K` with K beyond the
    /// SV count takes every SV down, and `sv-slow` for a missing SV does nothing.
    public func set(_ scenarios: [Scenario]) async {
        await state.set(scenarios)
    }

    /// Fixes the simulated clock at `now`, or returns to the wall clock when nil.
    public func setClock(_ now: Date?) async {
        await state.setClock(now)
    }

    /// Moves the simulated clock by `seconds` (negative goes back), fixed or wall.
    public func advanceClock(by seconds: TimeInterval) async {
        await state.advance(by: seconds)
    }

    /// The simulated time now.
    public var now: Date {
        get async { await state.now }
    }

    /// Closes every listener and cancels open requests (including `hang`). Safe to call twice.
    public func stop() async {
        await withTaskGroup(of: Void.self) { group in
            for listener in listeners { group.addTask { await listener.stop() } }
        }
    }
}
