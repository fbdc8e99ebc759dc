import ArgumentParser
import Model
import Content
import Validation
import CantonStatusLive
import Foundation

/// `canton-status new incident|maintenance`: write a valid, correctly named file to edit.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scaffold a new incident or maintenance file with current UTC times.",
        subcommands: [NewIncident.self, NewMaintenance.self])
}

struct NewIncident: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "Write incidents/YYYY-MM-DD-slug.md, ready to edit and commit.")

    @Option(help: "One-line title readers see first.") var title: String
    @Option(name: .customLong("env"), help: "Affected network id (repeatable), e.g. mainnet.") var environments: [String]
    @Option(name: .customLong("component"), help: "Affected component id (repeatable).") var components: [String]
    @Option(help: "State of the affected components.") var state: String = "degraded-performance"
    @Option(help: "File-name slug (default: from the title).") var slug: String?
    @Option(help: "Text of the first update (Markdown).") var text: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    /// Flag checks run here, before `run`, so a mistake prints this subcommand's usage.
    func validate() throws {
        _ = try declaredState(state, flag: "--state")
    }

    func run() throws {
        let now = try clock.resolvedNow()
        let declared = try declaredState(state, flag: "--state")
        let draft = Scaffold.incident(title: title, environments: environments, impact: components.map { ($0, declared) },
                                      text: text, slug: slug, now: now)
        try write(draft, global: global, now: now)
    }
}

struct NewMaintenance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance", abstract: "Write maintenance/YYYY-MM-DD-slug.md, ready to edit and commit.")

    @Option(help: "One-line title.") var title: String
    @Option(name: .customLong("env"), help: "Network id (repeatable).") var environments: [String]
    @Option(name: .customLong("component"), help: "Component id (repeatable).") var components: [String]
    @Option(help: "Start, ISO 8601 with zone.") var start: String
    @Option(help: "End, ISO 8601 with zone.") var end: String
    @Option(help: "Expected state during the window.") var impact: String = "major-outage"
    @Option(name: .customLong("reference"), help: "A reference such as CIP-0089 (repeatable).") var references: [String] = []
    @Option(help: "File-name slug (default: from the title).") var slug: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    func validate() throws {
        _ = try times()
        _ = try declaredState(impact, flag: "--impact")
    }

    private func times() throws -> (start: Timestamp, end: Timestamp) {
        guard case .success(let startTime) = Timestamp.parse(start) else {
            throw ValidationError("--start '\(start)' is not an ISO 8601 time with a zone, e.g. 2026-12-10T14:00Z")
        }
        guard case .success(let endTime) = Timestamp.parse(end) else {
            throw ValidationError("--end '\(end)' is not an ISO 8601 time with a zone, e.g. 2026-12-10T20:00Z")
        }
        return (startTime, endTime)
    }

    func run() throws {
        let now = try clock.resolvedNow()
        let (startTime, endTime) = try times()
        let expected = try declaredState(impact, flag: "--impact")
        let draft = Scaffold.maintenance(title: title, environments: environments, components: components, start: startTime,
                                         end: endTime, impact: expected, references: references, slug: slug)
        try write(draft, global: global, now: now)
    }
}

/// A state an operator may declare, or a usage error listing them.
private func declaredState(_ text: String, flag: String) throws -> ComponentState {
    guard let state = ComponentState(rawValue: text), ComponentState.declarable.contains(state) else {
        throw ValidationError("\(flag) must be one of " + ComponentState.declarable.map(\.rawValue).joined(separator: ", "))
    }
    return state
}

/// Writes a scaffolded file without overwriting anything, then validates the repository and shows
/// what concerns the new file, so the operator sees at once if an id was mistyped.
private func write(_ draft: Scaffold.Draft, global: GlobalOptions, now: Timestamp) throws {
    let repository = try global.repository()
    let url = repository.fileSystem.root.appendingPathComponent(draft.path)
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else {
        if errno == EEXIST {
            throw EnvironmentError("already exists; not overwriting it", path: draft.path,
                                   hint: "pass --slug to choose another name, or edit the existing file")
        }
        throw EnvironmentError("cannot create the file: \(String(cString: strerror(errno)))", path: draft.path)
    }
    let bytes = Array(draft.text.utf8)
    let written = bytes.withUnsafeBytes { AtomicFile.writeAll($0, to: descriptor) }
    close(descriptor)
    guard written else {
        unlink(url.path)
        throw EnvironmentError("could not write the file", path: draft.path)
    }
    Terminal.standardOutput.write(draft.path + "\n")
    var report = try ContentValidator(now: now).validate(repository.fileSystem, history: repository.history)
    report.keepOnly(path: draft.path)
    if !report.diagnostics.isEmpty {
        Terminal.standardError.write(DiagnosticFormatter(colour: Terminal.standardError.supportsColour).text(report))
        if report.hasErrors { throw ExitCode(1) }
    }
}
