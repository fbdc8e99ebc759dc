import ArgumentParser
import Validation
import Site
import CantonStatusLive
import Content
import Foundation
internal import Model

/// `canton-status build`: validate, then render the whole site atomically.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the content, then render the site into --out, replacing it atomically.",
        discussion: "Nothing is written when validation finds an error; the previous site stays as it was.")

    @Option(help: ArgumentHelp("Output folder.", valueName: "dir")) var out = "_site"
    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions
    @Flag(help: "Print how long validating, rendering and writing took, on standard error.") var timings = false

    func run() throws {
        let started = ContinuousClock.now
        let repository = try global.repository()
        let output = URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        // Files are written into the staging folder while the rest still renders; nothing is swapped
        // in unless everything was valid and written.
        let staging = SiteWriter().stage(output)
        let result = try SiteBuilder(now: try clock.resolvedNow()).build(LayeredRepository.onDisk(repository.fileSystem), history: repository.history, emit: staging.add)
        let built = ContinuousClock.now
        var shown = result.report
        shown.keepOnly(atLeast: global.quiet ? .error : .warning)
        if !shown.diagnostics.isEmpty || result.report.hasErrors {
            Terminal.standardError.write(DiagnosticFormatter(colour: Terminal.standardError.supportsColour).text(shown))
        }
        if result.report.hasErrors {
            staging.discard()
            Terminal.standardError.write("build: not written, fix the errors above first\n")
            throw ExitCode(1)
        }
        try staging.commit()
        if timings {
            // Rendering is CPU; writing mostly measures the file system. Most writing happens during
            // rendering; "write" is what was left to wait for, plus the swap.
            Terminal.standardError.write(
                "timings: validate and render \(Self.seconds(built - started)) s, write \(Self.seconds(ContinuousClock.now - built)) s ("
                    + result.steps.map { "\($0.name) \(Self.seconds($0.duration)) s" }.joined(separator: ", ") + ")\n")
        }
        if !global.quiet {
            let bytes = result.files.reduce(0) { $0 + $1.byteCount }
            Terminal.standardOutput.write("built \(result.files.count) files (\(bytes / 1024) KB) into \(out)/; open \(out)/index.html\n")
        }
        // Everything is written and reported. Like a compiler's -disable-free, end the process here:
        // returning would spend the last tens of milliseconds freeing every page, incident and
        // snapshot object one by one, memory the operating system takes back at once anyway.
        Foundation.exit(0)
    }

    private static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        return String(format: "%.3f", Double(whole) + Double(attoseconds) / 1e18)
    }
}
