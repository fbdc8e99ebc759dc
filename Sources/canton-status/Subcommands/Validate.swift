public import ArgumentParser
import Validation
import CantonStatusLive
internal import Model

extension DiagnosticFormat: ExpressibleByArgument {}

/// `canton-status validate`: check all content and print diagnostics; exit 1 on any error.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check components.yml, incidents/ and maintenance/; print every problem with file:line:col.",
        discussion: "Exit status: 0 when there is no error (warnings allowed), 1 on any error, 2 when the repository cannot be read.")

    @Option(help: "Output format: text for people, json for tools, github for pull-request annotations.")
    var format: DiagnosticFormat = .text

    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    func run() throws {
        let repository = try global.repository()
        let report = try ContentValidator(now: try clock.resolvedNow()).validate(repository.fileSystem, history: repository.history)
        var shown = report
        if global.quiet { shown.keepOnly(atLeast: .error) }
        let formatter = DiagnosticFormatter(colour: format == .text && Terminal.standardOutput.supportsColour)
        Terminal.standardOutput.write(formatter.format(shown, as: format))
        if report.hasErrors { throw ExitCode(1) }
    }
}
