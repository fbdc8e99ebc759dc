import ArgumentParser
import CantonStatus
import CantonStatusLive
import Foundation

/// `canton-status probe`: check the networks, append to `history/`, open and resolve automated incidents.
struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every check against the networks, append the results to history/, open or resolve automated incidents.",
        discussion: """
            Each vantage (a prober in its own place: CI, or a cluster whose IP the SVs allowlist) writes only under
            history/<network>/<vantage>/, so several probers never conflict.
            Exit status: 0 when no component is in a partial or major outage, 1 when one is (history is written
            either way), 2 when nothing was probed: invalid content, a missing secret variable, an unreadable repository.
            """)

    @Option(name: .customLong("env"), help: ArgumentHelp("Only this network (repeatable; default: all).", valueName: "id"))
    var environments: [String] = []
    @Option(help: ArgumentHelp("This prober's name: lowercase kebab-case, one per place probes run from.", valueName: "name"))
    var vantage = "ci"
    @Flag(inversion: .prefixedNo, help: "Open and resolve automated incidents from this vantage's results.")
    var incidents = true
    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    func validate() throws {
        let valid = !vantage.isEmpty && vantage.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && !vantage.hasPrefix("-") && !vantage.hasSuffix("-")
        guard valid else { throw ValidationError("--vantage '\(vantage)' must be lowercase kebab-case, e.g. ci or cluster-eu-1") }
    }

    func run() async throws {
        let now = try clock.resolvedNow()
        let repository = try global.repository()
        let report = try ContentValidator(now: now).validate(repository.fileSystem, history: repository.history)
        guard let content = report.content, !report.hasErrors else {
            var shown = report
            shown.keepOnly(atLeast: .error)
            Terminal.standardError.write(DiagnosticFormatter(colour: Terminal.standardError.supportsColour).text(shown))
            Terminal.standardError.write("probe: fix the content errors above first; nothing was probed\n")
            // 2, not 1: the run did not happen, and 1 means "an outage was measured and recorded".
            throw ExitCode(2)
        }
        let configuration = content.configuration
        let selected = environments.isEmpty ? configuration.environments : try environments.map { id in
            guard let environment = configuration.environment(id) else {
                throw ValidationError("--env '\(id)' is not a network in components.yml (\(configuration.environments.map(\.id.value).joined(separator: ", ")))")
            }
            return environment
        }

        // Every variable of every check is resolved before the first request, and before a client exists.
        let variables = ProcessInfo.processInfo.environment
        let plans = try selected.map { environment in
            (environment, try Prober<ProbeClient>.checks(on: environment.id.value, configuration: configuration, variables: variables))
        }
        let store = HistoryStore(root: repository.fileSystem.root)
        let previous = Dictionary(uniqueKeysWithValues: plans.map { environment, _ in
            (environment.id.value, store.previous(environment: environment.id.value, vantage: self.vantage))
        })
        let client = ProbeClient(userAgent: "canton-status/\(CantonStatusVersion.current) (probe; vantage \(vantage))")
        var prober = Prober(transport: client, configuration: configuration, variables: variables, now: now)
        let progress = Progress(enabled: !global.quiet && Terminal.standardError.isInteractive)
        prober.progress = { done, total in progress.show(done, total) }
        let vantage = self.vantage
        let configuredProber = prober
        let runs = await withTaskGroup(of: ProbeRun.self) { group in
            for (environment, checks) in plans {
                let lastAgreed = store.lastAgreedNetwork(environment: environment.id.value)
                group.addTask { await configuredProber.run(environment, checks: checks, vantage: vantage, lastAgreed: lastAgreed) }
            }
            var runs: [ProbeRun] = []
            for await run in group { runs.append(run) }
            return runs.sorted { a, b in
                configuration.environments.firstIndex { $0.id.value == a.environment } ?? 0
                    < configuration.environments.firstIndex { $0.id.value == b.environment } ?? 0
            }
        }
        await client.shutdown()
        progress.clear()

        var recorded: [(run: ProbeRun, latest: LatestRun)] = []
        for run in runs {
            let before = previous[run.environment]
            let (latest, changes) = HistoryRecorder.record(run, previous: before?.latest, sampleFiles: before?.sampleFiles ?? [:])
            try store.apply(changes)
            recorded.append((run, latest))
        }
        var written: [String] = []
        if incidents {
            // Incidents follow the quorum of every vantage's results, this run's included.
            let measured = MeasuredStatus.load(from: repository.fileSystem, configuration: configuration, now: now)
            let automation = AutomatedIncidents(configuration: configuration, vantage: vantage)
            for (run, recordedLatest) in recorded {
                var latest = recordedLatest
                let network = measured.environment(run.environment)
                let actions = automation.actions(
                    for: run, latest: &latest, incidents: content.incidents,
                    quorumAgrees: { (network?.components[$0]?.state ?? .operational) >= .partialOutage }
                ) { path in
                    guard case .bytes(let bytes)? = try? repository.fileSystem.read(path) else { return nil }
                    return String(decoding: bytes, as: UTF8.self)
                }
                for action in actions {
                    try AtomicFile.write(Array(action.text.utf8), to: repository.fileSystem.root.appendingPathComponent(action.path))
                    written.append("\(action.kind == .opened ? "opened" : "resolved") \(action.path)")
                }
                if latest != recordedLatest {
                    var changes = HistoryRecorder.Changes()
                    changes.store(latest)
                    try store.apply(changes)
                }
            }
        }

        if !global.quiet {
            Terminal.standardOutput.write(Self.table(runs))
            for line in written { Terminal.standardOutput.write("probe: \(line)\n") }
        }
        if runs.contains(where: { $0.components.contains { ($0.state ?? .operational) >= .partialOutage } }) { throw ExitCode(1) }
    }

    /// One line per network and component: what the page will show as measured.
    static func table(_ runs: [ProbeRun]) -> String {
        var rows = [["network", "component", "state", "targets", "reason"]]
        for run in runs {
            for component in run.components {
                let ok = component.targets.filter { $0.state == .operational }.count
                rows.append([run.environment, component.component, component.state?.rawValue ?? "not-measured",
                             "\(ok)/\(component.targets.count) ok", component.reason ?? ""])
            }
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            (0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + row[4]
        }.joined(separator: "\n") + "\n"
    }
}

/// "probing: 120/300 targets" on a terminal, redrawn in place; nothing when not interactive (CI).
final class Progress: @unchecked Sendable {  // The lock guards `last`.
    private let enabled: Bool
    private let lock = NSLock()
    private var last = ContinuousClock.now

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ done: Int, _ total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard done == total || ContinuousClock.now - last > .milliseconds(100) else { return }
        last = ContinuousClock.now
        Terminal.standardError.write("\rprobing: \(done)/\(total) targets")
    }

    func clear() {
        if enabled { Terminal.standardError.write("\r\u{1B}[K") }
    }
}
