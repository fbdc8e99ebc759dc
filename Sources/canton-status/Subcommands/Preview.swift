import ArgumentParser
import Model
import Validation
import Site
import CantonStatusLive
import Content
import Foundation

/// `canton-status preview`: build, serve on 127.0.0.1, rebuild on every edit — like `hugo server`.
struct Preview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site, serve it on 127.0.0.1 and rebuild whenever a content file changes.",
        discussion: """
            Validation errors are printed here and shown in the browser instead of the site until they are fixed.
            The server listens on the loopback address only. Stop it with Ctrl-C.
            """)

    @Option(help: ArgumentHelp("Port on 127.0.0.1 (0: any free port).", valueName: "port"))
    var port: UInt16 = 8000
    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    func run() async throws {
        let repository = try global.repository()
        let root = repository.fileSystem.root
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("canton-status-preview-\(getpid())")
        let output = scratch.appendingPathComponent("site")
        let server = try await PreviewServer.start(port: port)
        // Ctrl-C or a TERM from a supervisor: remove the built site before leaving.
        let stop: @Sendable (Int32) -> any DispatchSourceSignal = { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler {
                try? FileManager.default.removeItem(at: scratch)
                Foundation.exit(0)
            }
            source.resume()
            return source
        }
        let handlers = [stop(SIGINT), stop(SIGTERM)]
        defer { handlers.forEach { $0.cancel() } }
        Terminal.standardOutput.write("serving http://127.0.0.1:\(server.port)/ (Ctrl-C to stop)\n")
        let watcher = ContentWatcher(root: root)
        var seen: [String: String] = [:]
        // Bounded by the user: it runs until interrupted; each pass sleeps, so it never spins.
        while !Task.isCancelled {
            let current = watcher.fingerprint()
            if current != seen {
                seen = current
                await rebuild(repository, into: output, server: server)
            }
            try? await Task.sleep(for: .milliseconds(400))
        }
        await server.stop()
    }

    private func rebuild(_ repository: (fileSystem: LocalFileSystem, history: LibGit2History), into output: URL, server: PreviewServer) async {
        let started = ContinuousClock.now
        do {
            // The clock moves while a preview runs: maintenance starts and ends as it would on the site.
            let now = clock.now == nil ? Timestamp(Date()) : try clock.resolvedNow()
            let result = try SiteBuilder(now: now).build(LayeredRepository.onDisk(repository.fileSystem), history: repository.history)
            if result.report.hasErrors {
                var shown = result.report
                shown.keepOnly(atLeast: .error)
                Terminal.standardError.write(DiagnosticFormatter(colour: Terminal.standardError.supportsColour).text(shown))
                await server.show(errors: PreviewErrorPage.html(shown))
                return
            }
            try SiteWriter().write(result.files, to: output)
            await server.show(site: output)
            let milliseconds = Interval(ContinuousClock.now - started).milliseconds
            Terminal.standardOutput.write("rebuilt \(result.files.count) files in \(milliseconds) ms\n")
        } catch {
            Terminal.standardError.write("preview: \(error)\n")
            let report = ValidationReport(diagnostics: [])
            await server.show(errors: PreviewErrorPage.html(report).replacingOccurrences(of: "<pre></pre>", with: "<pre>could not build: see the terminal</pre>"))
        }
    }
}
