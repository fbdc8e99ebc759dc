import ArgumentParser
import Validation
import Probing
import CantonStatusLive
import Content
import Jobs
import Foundation
internal import Model

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
    @Flag(help: "Record this vantage's history on its data branch, status-data/<vantage> (one commit a day), not in history/.")
    var dataBranch = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    func validate() throws {
        let valid = !vantage.isEmpty && vantage.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && !vantage.hasPrefix("-") && !vantage.hasSuffix("-")
        guard valid else { throw ValidationError("--vantage '\(vantage)' must be lowercase kebab-case, e.g. ci or cluster-eu-1") }
    }

    func run() async throws {
        let repository = try global.repository()
        let now = try clock.resolvedNow()
        let job = ProbeJob(now: now, vantage: vantage, openIncidents: incidents)
        // Every vantage's history is read, from history/ and the data branches; this run's goes to
        // its data branch when asked, else into history/.
        let branch = dataBranch ? try DataBranchWriter(repository: repository.fileSystem.root, vantage: vantage) : nil
        let files = LayeredRepository.onDisk(repository.fileSystem, historyWriter: branch)
        let plan: ProbeJob.Plan
        do {
            // Every variable of every check is resolved here, before a client exists.
            plan = try job.plan(files, history: repository.history, networks: environments,
                                variables: ProcessInfo.processInfo.environment)
        } catch .invalidContent(var report) {
            report.keepOnly(atLeast: .error)
            Terminal.standardError.write(DiagnosticFormatter(colour: Terminal.standardError.supportsColour).text(report))
            Terminal.standardError.write("probe: fix the content errors above first; nothing was probed\n")
            // 2, not 1: the run did not happen, and 1 means "an outage was measured and recorded".
            throw ExitCode(2)
        } catch .unknownNetwork(let id, let known) {
            throw ValidationError("--env '\(id)' is not a network in components.yml (\(known.joined(separator: ", ")))")
        } catch .environment(let error) {
            throw error
        }
        let client = ProbeClient(userAgent: "canton-status/\(CantonStatusVersion.current) (probe; vantage \(vantage))")
        let progress = Progress(enabled: !global.quiet && Terminal.standardError.isInteractive)
        let report: ProbeJob.Report
        do {
            report = try await job.run(plan, over: client, repository: files) { done, total in progress.show(done, total) }
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
        progress.clear()
        if let branch, let (commit, amended) = try branch.commit(at: now), !global.quiet {
            Terminal.standardOutput.write(
                "probe: history \(amended ? "amended in" : "committed to") \(DataBranches.prefix)\(vantage) (\(commit.prefix(7)))\n")
        }
        if !global.quiet {
            Terminal.standardOutput.write(Self.table(report.runs))
            for line in report.written { Terminal.standardOutput.write("probe: \(line)\n") }
        }
        if report.measuredAnOutage { throw ExitCode(1) }
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
