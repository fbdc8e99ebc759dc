import ArgumentParser
import CantonSimulator
import Foundation

/// `canton-sim`: runs the simulated Canton Network until stdin closes or SIGTERM/SIGINT arrives.
///
/// It prints exactly one line on stdout, the ready line, once every server accepts connections,
/// so a test can start it, read one line, and know every URL. Closing its stdin is the portable
/// way to stop it: the process also ends if the test that owns the pipe dies.
@main
struct CantonSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canton-sim",
        abstract: "Simulate a Canton Network (Scans, SV apps, sequencers, validator, DSO mirror) on 127.0.0.1.",
        discussion: scenarioList)

    /// The scenarios with their summaries, one per line; each summary fits the 80 columns
    /// ArgumentParser wraps at, so the list stays a table.
    private static var scenarioList: String {
        let width = Scenario.catalog.map(\.name.count).max() ?? 0
        let lines = Scenario.catalog.map {
            "  " + $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary
        }
        return "Scenarios combine when --scenario is repeated; POST /control/scenario changes them while "
            + "running. \"The seed\" is SV 0, whose Scan discovery starts from.\n\n" + lines.joined(separator: "\n")
    }

    @Option(name: .customLong("svs"), help: "Number of SVs (1-\(CantonSimulator.maxSVCount)).")
    var svCount = 4

    @Option(
        name: .customLong("scenario"),
        help: "A scenario to activate; repeatable (e.g. svs-down:2, seed-lies, lsu-upcoming; list below).",
        transform: { try Scenario(parsing: $0) })
    var scenarios: [Scenario] = []

    @Option(
        name: .customLong("now"),
        help: "Fixed simulated time, ISO 8601 with zone (e.g. 2026-11-20T14:05Z). Default: the wall clock.",
        transform: { text in
            guard let date = SimulatedTime.parse(text) else {
                throw ValidationError("--now must be ISO 8601 with a zone, e.g. 2026-11-20T14:05Z; got '\(text)'")
            }
            return date
        })
    var now: Date?

    func validate() throws {
        guard (1...CantonSimulator.maxSVCount).contains(svCount) else {
            throw ValidationError("--svs must be 1-\(CantonSimulator.maxSVCount), got \(svCount)")
        }
        if let problem = scenarios.lazy.compactMap({ $0.problem(svCount: svCount) }).first {
            throw ValidationError(problem)
        }
    }

    func run() async throws {
        let simulator = try await CantonSimulator.start(.init(svCount: svCount, scenarios: scenarios, now: now))
        // Written straight to fd 1: print() may sit in a buffer when stdout is a pipe.
        FileHandle.standardOutput.write(Data((simulator.endpoints.jsonLine + "\n").utf8))
        await StopSignal.wait()
        await simulator.stop()
    }
}
