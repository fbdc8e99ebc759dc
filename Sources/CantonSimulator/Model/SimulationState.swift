internal import Foundation

/// The simulator's only mutable state: active scenarios and the clock.
///
/// The clock is either fixed (tests, `--now`) or the wall clock plus an offset, so
/// `advance(by:)` works in both modes. Handlers read it through ``world()``.
actor SimulationState {
    private var scenarios: [Scenario]
    private var fixedNow: Date?
    private var offset: TimeInterval = 0
    private let startedAt: Date
    private let svCount: Int

    init(scenarios: [Scenario], now: Date?, svCount: Int) {
        self.scenarios = scenarios
        self.fixedNow = now
        self.startedAt = now ?? Date()
        self.svCount = svCount
    }

    var now: Date { (fixedNow ?? Date()).addingTimeInterval(offset) }
    var isClockFixed: Bool { fixedNow != nil }

    func world() -> World {
        World(scenarios: scenarios, now: now, startedAt: startedAt, svCount: svCount)
    }

    func set(_ scenarios: [Scenario]) { self.scenarios = scenarios }

    /// Fixes the clock at `date`, or returns to the wall clock when nil.
    func setClock(_ date: Date?) {
        fixedNow = date
        offset = 0
    }

    func advance(by seconds: TimeInterval) { offset += seconds }

    /// The body of `GET /control/state`.
    func stateDocument() -> JSON {
        [
            "scenarios": .array(scenarios.map { .string($0.name) }),
            "now": .string(SimulatedTime.format(now)),
            "clock": isClockFixed ? "fixed" : "wall",
        ]
    }
}
