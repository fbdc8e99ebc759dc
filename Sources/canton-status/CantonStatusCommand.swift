import ArgumentParser
import Model
import Foundation

/// `canton-status`: validate, build, probe and notify for a status page kept in git.
@main
struct CantonStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canton-status",
        abstract: "The Canton Network status page, kept in git: validate content, build the site, probe, notify.",
        version: CantonStatusVersion.current,
        subcommands: [Validate.self, Build.self, Preview.self, Probe.self, Notify.self, New.self, Update.self, Resolve.self, History.self]
    )

    /// Runs the command, mapping every failure onto the documented exit codes:
    /// 0 ok, 1 content or check errors, 2 usage or environment errors. Never a stack trace.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as EnvironmentError {
            var shown = error
            if let remedy = error.remedy { shown.hint = (error.hint ?? "") + Self.flag(for: remedy) }
            Terminal.standardError.write("error: \(shown)\n")
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == ExitCode(1) {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { Terminal.standardError.write(message + "\n") }
            Foundation.exit(code == .success ? 0 : 2)
        }
    }
}

extension CantonStatusCommand {
    /// The flag that applies a remedy the core suggests, as the end of its hint.
    static func flag(for remedy: EnvironmentError.Remedy) -> String {
        switch remedy {
        case .chooseRepository: ", or pass --repo DIR"
        case .chooseEarlierRevision: " (--from REV)"
        }
    }
}

enum CantonStatusVersion {
    static let current = "0.1.0"
}
