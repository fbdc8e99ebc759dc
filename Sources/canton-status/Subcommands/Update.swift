import ArgumentParser
import Model
import Content
import Validation
import Jobs
import CantonStatusLive
import Foundation

/// `canton-status update ID --status S --text T [--impact C=STATE]`: a new update on an incident
/// or maintenance window, without editing YAML by hand.
struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append an update to an incident or maintenance window, at the current time.",
        discussion: """
        The update goes after the file's last one, in its own layout; comments and everything \
        else stay as they are. Nothing is written unless the result validates. Prints the diff.
        Incident statuses: investigating, identified, monitoring, resolved. Maintenance: \
        scheduled, in-progress, verifying, completed, cancelled.
        """)

    @Argument(help: "The incident's or window's id: its file name without .md.") var id: String
    @Option(help: "The new status.") var status: String
    @OptionGroup var update: UpdateOptions

    func run() throws {
        try update.post(.named(status), id: id)
    }
}

/// `canton-status resolve ID --text T`: the update that ends an incident (`resolved`) or a
/// maintenance window (`completed`).
struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resolve an incident (or complete a maintenance window) with a last update.")

    @Argument(help: "The incident's or window's id: its file name without .md.") var id: String
    @OptionGroup var update: UpdateOptions

    func run() throws {
        try update.post(.closing, id: id)
    }
}

struct UpdateOptions: ParsableArguments {
    @Option(help: "What readers are told (Markdown).") var text: String
    @Option(name: .customLong("impact"), help: ArgumentHelp("Set a component's state in the incident's impact (repeatable).",
                                                          valueName: "component=state"))
    var impacts: [String] = []
    @Flag(help: "Print the diff without writing the file.") var dryRun = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    func validate() throws {
        _ = try parsedImpacts()
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--text must say something: readers see it as the update")
        }
    }

    func parsedImpacts() throws -> [(component: String, state: String)] {
        try impacts.map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--impact '\(entry)' must be component=state, e.g. scan-api=partial-outage")
            }
            guard let state = ComponentState(rawValue: parts[1]), ComponentState.declarable.contains(state) else {
                throw ValidationError("--impact '\(entry)': the state must be one of "
                                      + ComponentState.declarable.map(\.rawValue).joined(separator: ", "))
            }
            return (parts[0], state.rawValue)
        }
    }

    /// Plans the edit, prints its diff (or why there is none), and writes it unless `--dry-run`.
    func post(_ status: PostUpdateJob.Status, id: String) throws {
        let repository = try global.repository()
        let job = PostUpdateJob(id: id, status: status, text: text, impact: try parsedImpacts(), now: try clock.resolvedNow())
        let formatter = DiagnosticFormatter(colour: Terminal.standardError.supportsColour)
        switch try job.plan(repository.fileSystem, history: repository.history) {
        case .failure(.refused(let path, let message, let hint)):
            Terminal.standardError.write("\(path): error: \(message)\n  hint: \(hint)\nnothing was written\n")
            throw ExitCode(1)
        case .failure(.invalid(let report)):
            Terminal.standardError.write(formatter.text(report) + "nothing was written\n")
            throw ExitCode(1)
        case .success(let planned):
            if !global.quiet {
                Terminal.standardOutput.write(TextPatch.unified(from: planned.before, to: planned.after, path: planned.path))
            }
            if !planned.warnings.diagnostics.isEmpty { Terminal.standardError.write(formatter.text(planned.warnings)) }
            guard !dryRun else { return }
            try repository.fileSystem.write(Array(planned.after.utf8), to: planned.path)
        }
    }
}
