public import Foundation

/// A simulated Canton Network on 127.0.0.1: one HTTP server per SV (Scan + SV app), one gRPC
/// sequencer (the `grpc.health.v1` health service) per SV, a validator, the public DSO mirror and a
/// control server.
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
    private let sequencers: [GRPCHealthServer]

    private init(endpoints: Endpoints, state: SimulationState, listeners: [Listener], sequencers: [GRPCHealthServer]) {
        self.endpoints = endpoints
        self.state = state
        self.listeners = listeners
        self.sequencers = sequencers
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
        let state = SimulationState(scenarios: options.scenarios, now: options.now, svCount: options.svCount)
        var started: [Listener] = []
        var sequencers: [GRPCHealthServer] = []
        do {
            for _ in 0..<(options.svCount + 3) { started.append(try await Listener.start()) }
            // The sequencers need only the state, not the topology, so they serve from the start.
            for index in 0..<options.svCount {
                let service = SequencerHealthService(index: index, state: state)
                sequencers.append(try await GRPCHealthServer.start(serving: service))
            }
        } catch {
            for listener in started { await listener.stop() }
            for sequencer in sequencers { await sequencer.stop() }
            throw error
        }
        // Layout of `started`: an HTTP listener per SV, then validator, mirror, control.
        let svListeners = started.prefix(options.svCount)
        let validator = started[options.svCount]
        let mirror = started[options.svCount + 1]
        let control = started[options.svCount + 2]

        let topology = Topology(svPorts: zip(svListeners, sequencers).map { ($0.port, $1.port) })
        for (index, http) in svListeners.enumerated() {
            await http.serve(SVHandler(index: index, topology: topology, state: state))
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
        return CantonSimulator(endpoints: endpoints, state: state, listeners: started, sequencers: sequencers)
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

    /// Closes every listener and gRPC server and cancels open requests (including `hang` and a
    /// check held by `sv-slow`). Safe to call twice.
    public func stop() async {
        await withTaskGroup(of: Void.self) { group in
            for listener in listeners { group.addTask { await listener.stop() } }
            for sequencer in sequencers { group.addTask { await sequencer.stop() } }
        }
    }
}
